namespace CookieState.TestServers;

/// <summary>How an asynchronous read of a <see cref="FakeDistributedCache"/> waits before it answers.</summary>
public enum CacheReadHang
{
    /// <summary>Reads answer at once.</summary>
    None,

    /// <summary>Reads wait until their cancellation token fires (or <see cref="FakeDistributedCache.Release"/>), then throw or answer.</summary>
    UntilCancelled,

    /// <summary>
    /// Reads ignore their cancellation token and wait until <see cref="FakeDistributedCache.Release"/>, as a Redis client
    /// does while it waits for a reconnect: only the caller's own timeout can end the wait.
    /// </summary>
    UntilReleased,
}
