using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CookieState.Sample.Tests.Infrastructure;

/// <summary>Fault injection: a real memory cache that throws, as an unreachable Redis does, while <see cref="Failing"/> is set.</summary>
public sealed class SwitchableCache : IDistributedCache
{
    private readonly MemoryDistributedCache _inner = new(Options.Create(new MemoryDistributedCacheOptions()));

    public volatile bool Failing;

    public byte[]? Get(string key) => Check()._inner.Get(key);

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => Check()._inner.GetAsync(key, token);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Check()._inner.Set(key, value, options);

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        Check()._inner.SetAsync(key, value, options, token);

    public void Refresh(string key) => Check()._inner.Refresh(key);

    public Task RefreshAsync(string key, CancellationToken token = default) => Check()._inner.RefreshAsync(key, token);

    public void Remove(string key) => Check()._inner.Remove(key);

    public Task RemoveAsync(string key, CancellationToken token = default) => Check()._inner.RemoveAsync(key, token);

    private SwitchableCache Check() => Failing ? throw new TimeoutException("The cache is unreachable (injected).") : this;
}
