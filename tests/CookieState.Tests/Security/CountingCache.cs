using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CookieState.Tests.Security;

/// <summary>An in-memory <see cref="IDistributedCache"/> that counts every call, to prove when the server is (not) touched.</summary>
public sealed class CountingCache : IDistributedCache
{
    private readonly MemoryDistributedCache _inner = new(Microsoft.Extensions.Options.Options.Create(new MemoryDistributedCacheOptions()));
    private int _calls;

    public int Calls => _calls;

    public byte[]? Get(string key) => Count(() => _inner.Get(key));

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => Count(() => _inner.GetAsync(key, token));

    public void Refresh(string key) => Count(() => _inner.Refresh(key));

    public Task RefreshAsync(string key, CancellationToken token = default) => Count(() => _inner.RefreshAsync(key, token));

    public void Remove(string key) => Count(() => _inner.Remove(key));

    public Task RemoveAsync(string key, CancellationToken token = default) => Count(() => _inner.RemoveAsync(key, token));

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Count(() => _inner.Set(key, value, options));

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        Count(() => _inner.SetAsync(key, value, options, token));

    private T Count<T>(Func<T> call)
    {
        Interlocked.Increment(ref _calls);
        return call();
    }

    private void Count(Action call)
    {
        Interlocked.Increment(ref _calls);
        call();
    }
}
