namespace CookieState.Revocation;

/// <summary>What the revocation store said about a session.</summary>
internal enum RevocationCheck
{
    /// <summary>Not revoked, or revocation is off.</summary>
    Live,

    /// <summary>Revoked by id or through its bound user.</summary>
    Revoked,

    /// <summary>The store failed and the failure mode is fail-closed: the session is unavailable for this request.</summary>
    Unavailable,
}
