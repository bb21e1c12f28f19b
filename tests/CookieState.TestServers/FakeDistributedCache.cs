using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CookieState.TestServers;

/// <summary>
/// The distributed cache of the tests: a real <see cref="MemoryDistributedCache"/> that counts calls, remembers the keys
/// written, and can be told at run time to fail calls (<see cref="Failing"/>) or to hang reads (<see cref="ReadHang"/>).
/// Nothing in it waits on a clock, so a test that moves a fake clock decides when a caller's timeout fires.
/// </summary>
public sealed class FakeDistributedCache : IDistributedCache
{
    private readonly MemoryDistributedCache _inner = new(Options.Create(new MemoryDistributedCacheOptions()));
    private readonly ConcurrentDictionary<string, byte> _written = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _readHanging = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile CacheCalls _failing;
    private volatile CacheReadHang _readHang;
    private int _calls;

    /// <summary>What a failing call throws; by default what a client library throws on a refused connection.</summary>
    public Func<Exception> Outage { get; init; } = static () => new InvalidOperationException("Connection refused (127.0.0.1:6379).");

    /// <summary>The calls that throw <see cref="Outage"/> from now on: synchronous ones throw, asynchronous ones return a faulted task.</summary>
    public CacheCalls Failing
    {
        get => _failing;
        set => _failing = value;
    }

    /// <summary>How asynchronous reads wait from now on; synchronous reads never wait.</summary>
    public CacheReadHang ReadHang
    {
        get => _readHang;
        set => _readHang = value;
    }

    /// <summary>Completes when the first read has started hanging, so a test can move the clock only then.</summary>
    public Task ReadHanging => _readHanging.Task;

    /// <summary>Every call made so far, failed and hanging ones included; <see cref="Contains"/> is not counted.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Every key ever written.</summary>
    public IReadOnlyCollection<string> WrittenKeys => _written.Keys.ToArray();

    /// <summary>Whether the cache holds <paramref name="key"/> now, without counting a call or failing.</summary>
    public bool Contains(string key) => _inner.Get(key) is not null;

    /// <summary>Lets every hanging read go on (it then reads the cache) and ends hanging for later reads.</summary>
    public void Release()
    {
        _readHang = CacheReadHang.None;
        _released.TrySetResult();
    }

    public byte[]? Get(string key)
    {
        ThrowIfFailing(CacheCalls.Reads);
        return _inner.Get(key);
    }

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        if (Fails(CacheCalls.Reads))
        {
            return Task.FromException<byte[]?>(Outage());
        }

        var hang = _readHang;
        return hang == CacheReadHang.None ? _inner.GetAsync(key, token) : HangThenGetAsync(key, hang, token);
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        ThrowIfFailing(CacheCalls.Writes);
        _inner.Set(key, value, options);
        _written.TryAdd(key, 0);
    }

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        if (Fails(CacheCalls.Writes))
        {
            throw Outage();
        }

        await _inner.SetAsync(key, value, options, token);
        _written.TryAdd(key, 0);
    }

    public void Refresh(string key)
    {
        ThrowIfFailing(CacheCalls.Writes);
        _inner.Refresh(key);
    }

    public Task RefreshAsync(string key, CancellationToken token = default) =>
        Fails(CacheCalls.Writes) ? Task.FromException(Outage()) : _inner.RefreshAsync(key, token);

    public void Remove(string key)
    {
        ThrowIfFailing(CacheCalls.Writes);
        _inner.Remove(key);
    }

    public Task RemoveAsync(string key, CancellationToken token = default) =>
        Fails(CacheCalls.Writes) ? Task.FromException(Outage()) : _inner.RemoveAsync(key, token);

    private async Task<byte[]?> HangThenGetAsync(string key, CacheReadHang hang, CancellationToken token)
    {
        _readHanging.TrySetResult();
        await (hang == CacheReadHang.UntilCancelled ? _released.Task.WaitAsync(token) : _released.Task);
        return await _inner.GetAsync(key, token);
    }

    /// <summary>Counts the call and tells whether it is one that fails now.</summary>
    private bool Fails(CacheCalls call)
    {
        Interlocked.Increment(ref _calls);
        return (_failing & call) != 0;
    }

    private void ThrowIfFailing(CacheCalls call)
    {
        if (Fails(call))
        {
            throw Outage();
        }
    }
}
