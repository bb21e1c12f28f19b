using System.Buffers.Binary;
using System.Text;
using Microsoft.AspNetCore.Session;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging.Abstractions;

namespace CookieState.Migration;

/// <summary>
/// Reads built-in sessions from the <see cref="IDistributedCache"/> they live in, through the public
/// <see cref="DistributedSession"/> (the layout of its cache entries is its own), and removes them once imported. Beside
/// them, in the same cache, it keeps a tombstone per imported session (<c>CookieState:imported:{id}</c>, holding the time
/// of the first import, with an absolute expiry): a re-import of the same session (a replayed old cookie, with
/// <see cref="CookieStateMigrationOptions.RemoveImportedSessions"/> off or after a failed removal) takes its creation time
/// from there, so that the absolute timeout is never restarted.
/// </summary>
internal sealed class BuiltInSessionStore
{
    private readonly IDistributedCache _cache;
    private readonly TimeProvider _timeProvider;

    public BuiltInSessionStore(IDistributedCache cache, TimeProvider timeProvider)
    {
        _cache = cache;
        _timeProvider = timeProvider;
    }

    public IDistributedCache Cache => _cache;

    /// <summary>
    /// Loads the session stored under <paramref name="sessionKey"/>; throws when the cache fails, times out, or holds an
    /// entry it cannot read.
    /// </summary>
    public async Task<BuiltInSession> LoadAsync(string sessionKey, TimeSpan timeout, CancellationToken requestAborted)
    {
        // Read-only: it is never committed, so it never writes, slides or re-creates the entry. No logger: the built-in
        // session logs the session key, which is the cache key of a live session.
        var session = new DistributedSession(
            _cache,
            sessionKey,
            idleTimeout: timeout,
            ioTimeout: timeout,
            tryEstablishSession: static () => false,
            NullLoggerFactory.Instance,
            isNewSessionKey: false);
        await session.LoadAsync(requestAborted);

        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var size = 0;
        foreach (var key in session.Keys)
        {
            if (session.TryGetValue(key, out var value))
            {
                entries[key] = value;
                size += Encoding.UTF8.GetByteCount(key) + value.Length;
            }
        }

        // Without an entry the id is a fresh random one, which nothing uses.
        return new BuiltInSession(Guid.Parse(session.Id), entries, size);
    }

    /// <summary>When the session with this id was first imported, or <see langword="null"/>; throws when the cache fails.</summary>
    public async Task<DateTimeOffset?> GetFirstImportAsync(Guid sessionId, TimeSpan timeout, CancellationToken requestAborted)
    {
        using var cancellation = new CancellationTokenSource(timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation.Token, requestAborted);

        // The tombstone has an absolute expiry only, so reading it never extends it.
        var value = await _cache.GetAsync(TombstoneKey(sessionId), linked.Token).WaitAsync(linked.Token);
        if (value is not { Length: sizeof(long) })
        {
            return null;
        }

        var milliseconds = BinaryPrimitives.ReadInt64LittleEndian(value);
        return milliseconds >= 0 && milliseconds <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : null;
    }

    /// <summary>Records the first import of a session, for <paramref name="lifetime"/> from now; throws when the cache fails.</summary>
    public async Task SetFirstImportAsync(Guid sessionId, DateTimeOffset importedAt, TimeSpan lifetime, TimeSpan timeout)
    {
        var value = new byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(value, importedAt.ToUnixTimeMilliseconds());
        using var cancellation = new CancellationTokenSource(timeout, _timeProvider);
        await _cache.SetAsync(
            TombstoneKey(sessionId),
            value,
            new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime },
            cancellation.Token).WaitAsync(cancellation.Token);
    }

    private static string TombstoneKey(Guid sessionId) => string.Concat(CookieStateDefaults.RevocationKeyPrefix, "imported:", sessionId.ToString());

    /// <summary>Removes an imported session's entry, under its own timeout rather than the request's: the client may leave.</summary>
    public async Task RemoveAsync(string sessionKey, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout, _timeProvider);
        await _cache.RemoveAsync(sessionKey, cancellation.Token);
    }
}
