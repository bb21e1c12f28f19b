namespace CookieState.Revocation.Replica;

/// <summary>What a revocation record ends: one session lineage, or every session bound to a user until then.</summary>
internal enum RevocationKind
{
    /// <summary>A revoked session (lineage) id: refused until the record expires.</summary>
    Session = 1,

    /// <summary>A user's sign-out-everywhere: sessions bound at or before its time are refused until it expires.</summary>
    User = 2,
}
