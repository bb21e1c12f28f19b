namespace CookieState.TestServers;

/// <summary>Which calls of a <see cref="FakeDistributedCache"/> fail.</summary>
[Flags]
public enum CacheCalls
{
    /// <summary>Every call answers.</summary>
    None = 0,

    /// <summary><c>Get</c> and <c>GetAsync</c>.</summary>
    Reads = 1,

    /// <summary><c>Set</c>, <c>Refresh</c> and <c>Remove</c>, synchronous or not.</summary>
    Writes = 2,

    /// <summary>Every call, as when the server cannot be reached at all.</summary>
    All = Reads | Writes,
}
