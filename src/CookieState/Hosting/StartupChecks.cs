using CookieState.Diagnostics;
using CookieState.Migration;
using CookieState.Revocation;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieState.Hosting;

/// <summary>Warnings about a configuration that works on one machine and fails quietly in production.</summary>
internal static class StartupChecks
{
    public static void Run(IServiceProvider services)
    {
        // A memory cache forgets every revocation on restart (a revoked cookie is valid again) and is per node.
        var isDevelopment = services.GetService<IHostEnvironment>()?.IsDevelopment() ?? false;
        if (!isDevelopment
            && services.GetService<ICookieStateRevocation>() is DistributedCacheSessionRevocation { Cache: MemoryDistributedCache cache })
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(CookieStateDiagnostics.ConfigurationLogCategory);
            ConfigurationLog.RevocationCacheNotShared(logger, cache.GetType().Name);
        }

        // Built-in sessions in a memory cache died with the process that held them: there is nothing to import.
        if (services.GetService<SessionMigrator>() is { Store.Cache: MemoryDistributedCache migrationCache })
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(CookieStateDiagnostics.MigrationLogCategory);
            MigrationLog.CacheNotShared(logger, migrationCache.GetType().Name);
        }

        // Without a prefix the browser lets a sibling subdomain plant cookies under our name (cookie tossing).
        if (!isDevelopment
            && services.GetService<IOptions<CookieStateOptions>>()?.Value.Cookie.Name is { } cookieName
            && !cookieName.StartsWith("__Host-", StringComparison.Ordinal)
            && !cookieName.StartsWith("__Secure-", StringComparison.Ordinal))
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(CookieStateDiagnostics.ConfigurationLogCategory);
            ConfigurationLog.CookieNameWithoutPrefix(logger, cookieName);
        }

        // A session that outlives the browser needs a way to end it from the server: sign out everywhere.
        if (!isDevelopment
            && services.GetService<IOptions<CookieStateOptions>>()?.Value.MaxPersistentLifetime is { } maxPersistentLifetime
            && services.GetService<ICookieStateRevocation>() is null)
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(CookieStateDiagnostics.ConfigurationLogCategory);
            ConfigurationLog.PersistentSessionsWithoutRevocation(logger, maxPersistentLifetime);
        }
    }
}
