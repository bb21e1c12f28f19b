using Microsoft.Extensions.Caching.Distributed;

namespace CookieState.Tests.Infrastructure;

/// <summary>A distributed cache whose server is down: every call throws, as a client library does on a refused connection.</summary>
public sealed class ThrowingCache : IDistributedCache
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public byte[]? Get(string key) => throw Down();

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => Task.FromException<byte[]?>(Down());

    public void Refresh(string key) => throw Down();

    public Task RefreshAsync(string key, CancellationToken token = default) => Task.FromException(Down());

    public void Remove(string key) => throw Down();

    public Task RemoveAsync(string key, CancellationToken token = default) => Task.FromException(Down());

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => throw Down();

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        Task.FromException(Down());

    private InvalidOperationException Down()
    {
        Interlocked.Increment(ref _calls);
        return new InvalidOperationException("Connection refused (127.0.0.1:6379).");
    }
}
