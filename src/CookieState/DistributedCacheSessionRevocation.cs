using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieState;

/// <summary>
/// Keeps revocations in <see cref="IDistributedCache"/>: <c>{prefix}sid:{id}</c> for a revoked session until its absolute
/// expiry, and <c>{prefix}user:{sha256(userId)}</c> holding the time of a user's last sign-out-everywhere.
/// </summary>
internal sealed class DistributedCacheSessionRevocation : ICookieStateRevocation
{
    private static readonly byte[] Revoked = [1];

    private readonly IDistributedCache _cache;
    private readonly CookieStateOptions _options;
    private readonly CookieStateRevocationOptions _revocationOptions;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public DistributedCacheSessionRevocation(
        IDistributedCache cache,
        IOptions<CookieStateOptions> options,
        IOptions<CookieStateRevocationOptions> revocationOptions,
        TimeProvider timeProvider,
        ILogger<DistributedCacheSessionRevocation> logger)
    {
        _cache = cache;
        _options = options.Value;
        _revocationOptions = revocationOptions.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public Task RevokeAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        var id = ParseSessionId(sessionId);
        return RecordAsync(id, _timeProvider.GetUtcNow() + _options.AbsoluteTimeout, cancellationToken);
    }

    public async Task RevokeUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var stamp = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(stamp, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());

        // Every session bound before now ends within AbsoluteTimeout, so the stamp need not outlive it.
        await _cache.SetAsync(
            UserKey(userId),
            stamp,
            new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = _options.AbsoluteTimeout },
            cancellationToken);
        CookieStateLog.UserSessionsRevoked(_logger);
    }

    public async Task<bool> IsRevokedAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        return await _cache.GetAsync(SessionKey(ParseSessionId(sessionId)), cancellationToken) is not null;
    }

    /// <summary>Records <paramref name="sessionId"/> as revoked until <paramref name="expiresAt"/>.</summary>
    internal async Task RecordAsync(string sessionId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var lifetime = expiresAt - _timeProvider.GetUtcNow();
        if (lifetime <= TimeSpan.Zero)
        {
            // The session has expired on its own: nothing can replay it.
            return;
        }

        await _cache.SetAsync(
            SessionKey(sessionId),
            Revoked,
            new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime },
            cancellationToken);
        CookieStateLog.SessionRevocationRecorded(_logger, sessionId, expiresAt);
    }

    /// <summary>Whether a session read from cookies has been revoked, by id or through its bound user.</summary>
    internal async Task<bool> IsRevokedAsync(SessionState state, CancellationToken cancellationToken)
    {
        if (await _cache.GetAsync(SessionKey(SessionState.FormatId(state.Id)), cancellationToken) is not null)
        {
            return true;
        }

        if (!state.Entries.TryGetValue(CookieStateDefaults.UserBindingKey, out var binding)
            || !SessionUserBinding.TryDecode(binding, out var userId, out var boundAt))
        {
            return false;
        }

        var stamp = await _cache.GetAsync(UserKey(userId), cancellationToken);

        // Bound at or before the user's last sign-out-everywhere: refused. A tie counts as revoked.
        return stamp is { Length: 8 } && boundAt <= BinaryPrimitives.ReadInt64LittleEndian(stamp);
    }

    private string SessionKey(string sessionId) => string.Concat(_revocationOptions.KeyPrefix, "sid:", sessionId);

    private string UserKey(string userId)
    {
        // Hashed so that keys stay short and the cache does not list user ids in clear.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(userId));
        return string.Concat(_revocationOptions.KeyPrefix, "user:", Base64Url.EncodeToString(hash));
    }

    private static string ParseSessionId(string sessionId) =>
        Guid.TryParse(sessionId, out var id)
            ? id.ToString()
            : throw new ArgumentException("Not a CookieState session id.", nameof(sessionId));
}
