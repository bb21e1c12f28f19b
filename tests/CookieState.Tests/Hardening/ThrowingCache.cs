using Microsoft.Extensions.Caching.Distributed;

namespace CookieState.Tests.Hardening;

/// <summary>A distributed cache whose server is down: every call throws, and counts.</summary>
public sealed class ThrowingCache : IDistributedCache
{
    private int _calls;

    public int Calls => _calls;

    public byte[]? Get(string key) => Fail<byte[]?>();

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => Task.FromResult(Fail<byte[]?>());

    public void Refresh(string key) => Fail<object>();

    public Task RefreshAsync(string key, CancellationToken token = default) => Task.FromResult(Fail<object>());

    public void Remove(string key) => Fail<object>();

    public Task RemoveAsync(string key, CancellationToken token = default) => Task.FromResult(Fail<object>());

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Fail<object>();

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) => Task.FromResult(Fail<object>());

    private T Fail<T>()
    {
        Interlocked.Increment(ref _calls);
        throw new InvalidOperationException("The cache server is unreachable (test fault).");
    }
}
