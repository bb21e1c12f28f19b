using CookieState.Diagnostics;
using CookieState.Lifetime;
using CookieState.Revocation.Replica;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CookieState.Redis.Tests;

/// <summary>Replicas over a Redis log, outside a host, each as a node of a farm would build it.</summary>
internal static class Replicas
{
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(21);

    private static readonly ServiceProvider Metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public static RevocationReplica Create(IRevocationLog log, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var session = Options.Create(new CookieStateOptions { AbsoluteTimeout = TimeSpan.FromMinutes(20), MaxClockSkew = TimeSpan.FromMinutes(1) });
        return new RevocationReplica(
            log,
            new SessionLifetime(session, clock),
            Options.Create(new CookieStateRevocationOptions()),
            clock,
            new CookieStateMetrics(Metrics.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            NullLoggerFactory.Instance);
    }
}
