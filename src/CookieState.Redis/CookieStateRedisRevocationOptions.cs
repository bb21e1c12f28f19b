namespace CookieState.Redis;

/// <summary>
/// Options of the Redis revocation log (<c>AddCookieStateRevocation().UseRedis(connection, options => …)</c>): chiefly the
/// one-time import of the revocations that the per-request implementation stored in a Redis-backed
/// <c>IDistributedCache</c>, for a farm moving from it to the replica.
/// </summary>
public sealed class CookieStateRedisRevocationOptions
{
    /// <summary>
    /// Whether the replica, when it first loads, scans the distributed cache for the revocations the per-request
    /// implementation recorded there (keys <c>{InstanceName}{DistributedCacheKeyPrefix}sid:…</c> and <c>…user:…</c>) and
    /// appends the live ones to the log with their expiry (and, for a user, their time). Idempotent across restarts and
    /// nodes. The cache must be <c>Microsoft.Extensions.Caching.StackExchangeRedis</c> on this connection. Default: false.
    /// </summary>
    public bool ImportFromDistributedCache { get; set; }

    /// <summary>The <c>RedisCacheOptions.InstanceName</c> of that cache, which prefixes every key it writes. Default: empty.</summary>
    public string InstanceName { get; set; } = "";

    /// <summary>
    /// The <c>KeyPrefix</c> the per-request implementation wrote its keys with, or null for the current
    /// <see cref="CookieStateRevocationOptions.KeyPrefix"/> (the usual case: the option did not change). Default: null.
    /// </summary>
    public string? DistributedCacheKeyPrefix { get; set; }

    /// <summary>
    /// How many keys one <c>SCAN</c> step asks for, and how many entries are read in one pipelined batch: each step is a
    /// short command, so Redis keeps serving others between them. Between 1 and 10,000. Default: 250.
    /// </summary>
    public int ImportBatchSize { get; set; } = 250;
}
