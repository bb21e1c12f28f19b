namespace CookieState.Revocation.Replica;

/// <summary>
/// A record to store. A new revocation leaves <see cref="RevokedAt"/> and <see cref="ExpiresAt"/> null: the log stamps
/// them with its engine's clock (now, and now + <see cref="Retention"/>). A record re-appended after the log lost its
/// history, or retried after an outage, carries the times it was applied with, so that re-storing never shortens it.
/// </summary>
/// <param name="Kind">Session lineage or user.</param>
/// <param name="Key">The hashed id.</param>
/// <param name="Retention">How long after the engine's now the record must live, when <see cref="ExpiresAt"/> is null.</param>
/// <param name="RevokedAt">The revocation time to keep, or null for the engine's now.</param>
/// <param name="ExpiresAt">The expiry to keep, or null for the engine's now + <see cref="Retention"/>.</param>
internal sealed record RevocationAppend(
    RevocationKind Kind,
    RevocationKey Key,
    TimeSpan Retention,
    DateTimeOffset? RevokedAt = null,
    DateTimeOffset? ExpiresAt = null);
