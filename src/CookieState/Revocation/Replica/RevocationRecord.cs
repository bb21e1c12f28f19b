namespace CookieState.Revocation.Replica;

/// <summary>
/// One revocation as the log stores it. <see cref="RevokedAt"/> and <see cref="ExpiresAt"/> are on the log engine's clock
/// (Redis <c>TIME</c>, PostgreSQL <c>now()</c>), never a node's, so every replica agrees on them.
/// </summary>
/// <param name="Kind">Session lineage or user.</param>
/// <param name="Key">The hashed id.</param>
/// <param name="RevokedAt">When it was revoked, engine time: a user's sessions bound at or before it are refused.</param>
/// <param name="ExpiresAt">When no cookie it refuses can still be valid, engine time; the record is dropped after it.</param>
/// <param name="Position">Where the log holds it; <see cref="RevocationLogPosition.Start"/> before it is stored.</param>
internal sealed record RevocationRecord(
    RevocationKind Kind,
    RevocationKey Key,
    DateTimeOffset RevokedAt,
    DateTimeOffset ExpiresAt,
    RevocationLogPosition Position = default);
