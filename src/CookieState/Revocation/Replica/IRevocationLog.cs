namespace CookieState.Revocation.Replica;

/// <summary>
/// The durable log a revocation replica follows; <c>CookieState.Redis</c> and <c>CookieState.PostgreSql</c> implement it.
/// Every node appends its revocations and reads everyone's; records may be delivered twice (push and poll overlap, a
/// retried append), which the replica absorbs. Implementations are thread-safe.
/// </summary>
internal interface IRevocationLog
{
    /// <summary>Stores a record and returns it as stored: its position and its engine-clock times.</summary>
    Task<RevocationRecord> AppendAsync(RevocationAppend append, CancellationToken cancellationToken);

    /// <summary>Reads up to <paramref name="maxRecords"/> records after <paramref name="after"/>.</summary>
    Task<RevocationLogRead> ReadAsync(RevocationLogPosition after, int maxRecords, CancellationToken cancellationToken);

    /// <summary>Drops records whose expiry has passed on the engine's clock; any node may call it, any number of times.</summary>
    Task TrimAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Calls <paramref name="onNotice"/> when another node may have appended (Redis pub/sub, PostgreSQL <c>LISTEN</c>), as a
    /// hint to read now rather than at the next poll. Notices may be lost; the poll is the backstop.
    /// </summary>
    /// <returns>Ends the subscription.</returns>
    Task<IAsyncDisposable> SubscribeAsync(Action onNotice, CancellationToken cancellationToken);
}
