namespace CookieState;

/// <summary>Why a session ended.</summary>
public enum CookieStateEndReason
{
    /// <summary>The app called <c>Abandon()</c>.</summary>
    Abandoned = 1,

    /// <summary>The cookie came back after <see cref="CookieStateOptions.IdleTimeout"/> had passed since it was issued.</summary>
    IdleTimeout = 2,

    /// <summary>The cookie came back after <see cref="CookieStateOptions.AbsoluteTimeout"/> had passed since the session started.</summary>
    AbsoluteTimeout = 3,

    /// <summary>The session id was revoked on the server.</summary>
    Revoked = 4,
}
