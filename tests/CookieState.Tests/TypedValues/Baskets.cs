namespace CookieState.Tests.TypedValues;

/// <summary>Fixed baskets and sessions for the example-based tests.</summary>
internal static class Baskets
{
    public static Basket Sample() => new(
        "Ada Lovelace ü 🍪",
        3,
        long.MaxValue,
        19.90m,
        0.1,
        true,
        new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.FromHours(2)),
        Guid.Parse("7d9f4c1e-2f1b-4f5e-9a58-3c2d1e0f9a7b"),
        BasketSize.Large,
        null,
        TimeSpan.FromMinutes(15),
        [1, 2, 3],
        [new BasketLine("sku-1", 2, 1.5m), new BasketLine("sku-2", 1, null)],
        new Dictionary<string, int>(StringComparer.Ordinal) { ["gift"] = 1 });

    /// <summary>ASP.NET Core's own session over a memory cache, used directly.</summary>
    public static Microsoft.AspNetCore.Http.ISession BuiltInSession() => new Microsoft.AspNetCore.Session.DistributedSession(
        new Microsoft.Extensions.Caching.Distributed.MemoryDistributedCache(
            Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Caching.Memory.MemoryDistributedCacheOptions())),
        sessionKey: Guid.NewGuid().ToString(),
        idleTimeout: TimeSpan.FromMinutes(20),
        ioTimeout: TimeSpan.FromSeconds(5),
        tryEstablishSession: () => true,
        loggerFactory: Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
        isNewSessionKey: true);
}
