namespace CookieState.BenchServer;

/// <summary>The session store behind the bench endpoints (configuration key <c>Bench:Store</c>).</summary>
internal enum BenchStore
{
    /// <summary>CookieState, in the format <c>CookieState:Format</c> names (Envelope unless set).</summary>
    CookieState,

    /// <summary>ASP.NET Core's session over <c>MemoryDistributedCache</c>: one server's memory.</summary>
    InMemory,

    /// <summary>ASP.NET Core's session over a real redis-server through Microsoft.Extensions.Caching.StackExchangeRedis.</summary>
    Redis,
}
