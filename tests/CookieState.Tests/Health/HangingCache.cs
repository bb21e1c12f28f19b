using Microsoft.Extensions.Caching.Distributed;

namespace CookieState.Tests.Health;

/// <summary>A distributed cache that never answers reads: each read waits until its token is cancelled.</summary>
public sealed class HangingCache : IDistributedCache
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first read is waiting, so a test can move the clock only then.</summary>
    public Task Entered => _entered.Task;

    public byte[]? Get(string key) => throw new NotSupportedException("Only asynchronous reads are expected.");

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        _entered.TrySetResult();
        await Task.Delay(Timeout.Infinite, token);
        return null;
    }

    public void Refresh(string key) => throw new NotSupportedException();

    public Task RefreshAsync(string key, CancellationToken token = default) => throw new NotSupportedException();

    public void Remove(string key) => throw new NotSupportedException();

    public Task RemoveAsync(string key, CancellationToken token = default) => throw new NotSupportedException();

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => throw new NotSupportedException();

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        throw new NotSupportedException();
}
