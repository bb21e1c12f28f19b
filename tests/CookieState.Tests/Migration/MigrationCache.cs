using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CookieState.Tests.Migration;

/// <summary>
/// The distributed cache both apps share, as a Redis would be shared across a restart: a real
/// <see cref="MemoryDistributedCache"/> that also records the keys written, counts calls, and can be told to fail reads
/// (fault injection only).
/// </summary>
public sealed class MigrationCache : IDistributedCache
{
    private readonly MemoryDistributedCache _inner = new(Options.Create(new MemoryDistributedCacheOptions()));
    private readonly ConcurrentDictionary<string, byte> _written = new(StringComparer.Ordinal);
    private int _calls;

    /// <summary>Every key ever written: the built-in session keys.</summary>
    public IReadOnlyCollection<string> WrittenKeys => _written.Keys.ToArray();

    public int Calls => Volatile.Read(ref _calls);

    public bool FailReads { get; set; }

    public bool Contains(string key) => _inner.Get(key) is not null;

    public byte[]? Get(string key)
    {
        Count();
        return FailReads ? throw Failure() : _inner.Get(key);
    }

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        Count();
        return FailReads ? Task.FromException<byte[]?>(Failure()) : _inner.GetAsync(key, token);
    }

    public void Refresh(string key)
    {
        Count();
        _inner.Refresh(key);
    }

    public Task RefreshAsync(string key, CancellationToken token = default)
    {
        Count();
        return _inner.RefreshAsync(key, token);
    }

    public void Remove(string key)
    {
        Count();
        _inner.Remove(key);
    }

    public Task RemoveAsync(string key, CancellationToken token = default)
    {
        Count();
        return _inner.RemoveAsync(key, token);
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        Count();
        _written.TryAdd(key, 0);
        _inner.Set(key, value, options);
    }

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        Count();
        _written.TryAdd(key, 0);
        return _inner.SetAsync(key, value, options, token);
    }

    private void Count() => Interlocked.Increment(ref _calls);

    private static InvalidOperationException Failure() => new("The cache is down (injected).");
}
