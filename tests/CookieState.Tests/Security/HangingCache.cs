using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;

namespace CookieState.Tests.Security;

/// <summary>
/// Fault injection: a memory cache whose reads, once <see cref="Hang"/> is called, never complete and ignore their
/// cancellation token, as a Redis client does while it waits for a reconnect.
/// </summary>
public sealed class HangingCache : IDistributedCache
{
    private readonly MemoryDistributedCache _inner = new(Microsoft.Extensions.Options.Options.Create(new MemoryDistributedCacheOptions()));
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<byte[]?> _never = new();
    private volatile bool _hanging;

    /// <summary>Completes when a read has started hanging.</summary>
    public Task Entered => _entered.Task;

    public void Hang() => _hanging = true;

    public byte[]? Get(string key) => _inner.Get(key);

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        if (!_hanging)
        {
            return _inner.GetAsync(key, token);
        }

        _entered.TrySetResult();
        return _never.Task;
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => _inner.Set(key, value, options);

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        _inner.SetAsync(key, value, options, token);

    public void Refresh(string key) => _inner.Refresh(key);

    public Task RefreshAsync(string key, CancellationToken token = default) => _inner.RefreshAsync(key, token);

    public void Remove(string key) => _inner.Remove(key);

    public Task RemoveAsync(string key, CancellationToken token = default) => _inner.RemoveAsync(key, token);
}
