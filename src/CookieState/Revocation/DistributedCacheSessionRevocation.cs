using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using CookieState.Lifetime;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieState.Revocation;

/// <summary>
/// Keeps revocations in <see cref="IDistributedCache"/>: <c>{prefix}sid:{lineageId}</c> for a revoked session lineage until
/// its cookies would have expired anyway (the key name predates lineages: a cookie sealed before them has its session id as
/// lineage, so entries written by earlier versions keep refusing it), and <c>{prefix}user:{sha256(userId)}</c> holding the time of a user's last sign-out-everywhere.
/// </summary>
internal sealed class DistributedCacheSessionRevocation : ICookieStateRevocation
{
    private static readonly byte[] Revoked = [1];

    private readonly IDistributedCache _cache;
    private readonly TimeSpan _retention;
    private readonly string _keyPrefix;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public DistributedCacheSessionRevocation(
        IDistributedCache cache,
        SessionLifetime lifetime,
        IOptions<CookieStateRevocationOptions> revocationOptions,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        _cache = cache;
        _retention = lifetime.RevocationRetention;
        _keyPrefix = revocationOptions.Value.KeyPrefix;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger(CookieStateDiagnostics.RevocationLogCategory);
    }

    /// <summary>The cache behind the revocations, for the start-up check that it is shared.</summary>
    internal IDistributedCache Cache => _cache;

    public async Task RevokeAsync(string lineageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lineageId);
        var id = ParseLineageId(lineageId);

        // Every copy of the session's cookies expires within its absolute limit, so the entry need not outlive it
        // (SessionLifetime.RevocationRetentionFor: persistent sessions and clock skew included).
        await _cache.SetAsync(
            SessionKey(id),
            Revoked,
            new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = _retention },
            cancellationToken);
        RevocationLog.SessionRevocationRecorded(_logger, id);
    }

    public async Task RevokeUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var stamp = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(stamp, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        await _cache.SetAsync(
            UserKey(userId),
            stamp,
            new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = _retention },
            cancellationToken);
        RevocationLog.UserSessionsRevoked(_logger);
    }

    public async Task<bool> IsRevokedAsync(string lineageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lineageId);
        return await _cache.GetAsync(SessionKey(ParseLineageId(lineageId)), cancellationToken) is not null;
    }

    public async Task<bool> IsUserRevokedAsync(string userId, DateTimeOffset boundAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var stamp = await _cache.GetAsync(UserKey(userId), cancellationToken);

        // Bound at or before the user's last sign-out-everywhere: refused. A tie counts as revoked.
        return stamp is { Length: 8 } && boundAt.ToUnixTimeMilliseconds() <= BinaryPrimitives.ReadInt64LittleEndian(stamp);
    }

    private string SessionKey(string lineageId) => string.Concat(_keyPrefix, "sid:", lineageId);

    private string UserKey(string userId)
    {
        // Hashed so that keys stay short and the cache does not list user ids in clear.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(userId));
        return string.Concat(_keyPrefix, "user:", Base64Url.EncodeToString(hash));
    }

    private static string ParseLineageId(string lineageId) =>
        Guid.TryParse(lineageId, out var id)
            ? id.ToString()
            : throw new ArgumentException("Not a CookieState lineage id.", nameof(lineageId));
}
