using CookieState.Diagnostics;
using CookieState.Lifetime;
using CookieState.Revocation.Replica;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CookieState.Tests.Revocation.Replica;

/// <summary>Replicas over a given log and clock, outside a host, for tests that drive <c>SyncAsync</c> themselves.</summary>
internal static class ReplicaFactory
{
    public static readonly TimeSpan AbsoluteTimeout = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(1);

    // One meter factory for every replica a test makes: property runs create thousands.
    private static readonly ServiceProvider SharedMetrics = new ServiceCollection().AddMetrics().BuildServiceProvider();

    /// <summary>What every record must cover: the absolute timeout plus the clock-skew bound.</summary>
    public static TimeSpan Retention => AbsoluteTimeout + MaxClockSkew;

    public static RevocationReplica Create(
        IRevocationLog log,
        TimeProvider clock,
        Action<CookieStateRevocationOptions>? configure = null,
        ILoggerFactory? loggerFactory = null,
        IServiceProvider? metricsServices = null)
    {
        var sessionOptions = new CookieStateOptions { AbsoluteTimeout = AbsoluteTimeout, IdleTimeout = TimeSpan.FromMinutes(5), MaxClockSkew = MaxClockSkew };
        var options = new CookieStateRevocationOptions();
        configure?.Invoke(options);
        var wrapped = Microsoft.Extensions.Options.Options.Create(sessionOptions);
        metricsServices ??= SharedMetrics;
        return new RevocationReplica(
            log,
            new SessionLifetime(wrapped, clock),
            Microsoft.Extensions.Options.Options.Create(options),
            clock,
            new CookieStateMetrics(metricsServices.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            loggerFactory ?? NullLoggerFactory.Instance);
    }

    /// <summary>The replica's answer: true, false, or null when it raised (loading, stale, over its cap).</summary>
    public static bool? Answer(this RevocationReplica replica, RevocationKind kind, string id)
    {
        var task = kind == RevocationKind.Session
            ? replica.IsRevokedAsync(id)
            : replica.IsUserRevokedAsync(id, DateTimeOffset.UnixEpoch);
        Assert.True(task.IsCompleted, "A replica answers from memory with a completed task.");
        return task.IsCompletedSuccessfully ? task.Result : null;
    }
}
