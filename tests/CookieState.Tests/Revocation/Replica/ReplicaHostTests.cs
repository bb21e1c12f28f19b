using System.Diagnostics.Metrics;
using CookieState.Diagnostics;
using CookieState.Revocation.Replica;
using CookieState.Tests.Infrastructure;
using CookieState.Tests.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace CookieState.Tests.Revocation.Replica;

/// <summary>The replica in a host: the gate asks it, Abandon records into it, and its state drives the failure mode.</summary>
public sealed class ReplicaHostTests
{
    private static void Endpoints(IEndpointRouteBuilder e) =>
        e.MapGet("/available", (HttpContext c) => c.Session.IsAvailable ? "yes" : "no");

    private static Task<SecurityHost> StartAsync(CookieStateRevocationFailureMode mode) =>
        SecurityHost.StartAsync(
            services: s => s.AddCookieStateRevocation(o => o.FailureMode = mode)
                .UseRevocationLog(provider => new FakeRevocationLog(provider.GetRequiredService<TimeProvider>())),
            endpoints: Endpoints);

    private static FakeRevocationLog Log(SecurityHost host) => (FakeRevocationLog)host.Host.Services.GetRequiredService<IRevocationLog>();

    private static RevocationReplica Replica(SecurityHost host) => host.Host.Services.GetRequiredService<RevocationReplica>();

    /// <summary>Lets the replica's loop run a round: the poll waits on the fake clock, so advance it, then wait for the read.</summary>
    private static async Task NextRoundAsync(SecurityHost host)
    {
        var log = Log(host);
        var reads = log.Reads;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (var waited = 0; log.Reads == reads || Replica(host).Status is RevocationReplicaStatus.Loading; waited++)
        {
            // The loop may not have armed its wait on the fake clock yet when the clock moves (it was still finishing
            // the previous round on a busy machine): move it again every 100 ms until the read happens.
            if (waited % 20 == 0)
            {
                host.Host.Clock.Advance(TimeSpan.FromSeconds(1));
            }

            await Task.Delay(5, timeout.Token);
        }
    }

    [Fact]
    public async Task The_replica_replaces_the_cache_and_an_abandoned_session_is_refused_locally_and_stored_in_the_log()
    {
        await using var host = await StartAsync(CookieStateRevocationFailureMode.FailClosed);
        Assert.IsType<RevocationReplica>(host.Host.Services.GetRequiredService<ICookieStateRevocation>());
        Assert.Equal(RevocationReplicaStatus.Ready, Replica(host).Status);
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/secret/42", jar);
        var stolen = jar.Clone();

        await host.Host.GetStringAsync("/abandon", jar);
        using var replay = await host.Host.GetAsync("/get/secret", stolen);

        Assert.Equal("(null)", await replay.Content.ReadAsStringAsync());
        Assert.Contains("Ended:Revoked", host.Events);
        Assert.Single(Log(host).Visible);
    }

    [Fact]
    public async Task Stale_past_MaxStaleness_and_failing_closed_sessions_are_unavailable_until_the_log_is_read_again()
    {
        await using var host = await StartAsync(CookieStateRevocationFailureMode.FailClosed);
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/user/alice", jar);
        Log(host).Down = true;

        host.Host.Clock.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal("(null)", await host.Host.GetStringAsync("/get/user", jar));
        Assert.Equal("no", await host.Host.GetStringAsync("/available", jar));
        var health = await host.Host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("ready"));
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains("MaxStaleness", health.Entries[RevocationReplicaHealthCheckName].Description, StringComparison.Ordinal);

        Log(host).Down = false;
        await NextRoundAsync(host);

        Assert.Equal("alice", await host.Host.GetStringAsync("/get/user", jar));
    }

    [Fact]
    public async Task Stale_and_failing_open_sessions_are_served_unchecked_logged_and_counted()
    {
        await using var host = await StartAsync(CookieStateRevocationFailureMode.FailOpen);
        using var failures = new MetricCollector<long>(
            host.Host.Services.GetRequiredService<IMeterFactory>(), CookieStateDiagnostics.MeterName, "cookiestate.revocation.failures");
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/user/alice", jar);
        Log(host).Down = true;

        host.Host.Clock.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal("alice", await host.Host.GetStringAsync("/get/user", jar));
        Assert.NotEmpty(failures.GetMeasurementSnapshot());
        Assert.Contains(host.Host.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.RevocationStoreFailed && e.Message.Contains("FailOpen", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sign_out_during_a_log_outage_expires_the_cookies_refuses_copies_here_and_reaches_the_log_once_it_is_back()
    {
        await using var host = await StartAsync(CookieStateRevocationFailureMode.FailClosed);
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/secret/42", jar);
        var stolen = jar.Clone();
        Log(host).Down = true;

        using var signOut = await host.Host.GetAsync("/abandon", jar);

        Assert.Equal(System.Net.HttpStatusCode.OK, signOut.StatusCode);
        Assert.Empty(jar.Cookies);
        Assert.Equal("(null)", await host.Host.GetStringAsync("/get/secret", stolen.Clone()));
        Assert.Equal(1, Replica(host).Unsent);
        Assert.DoesNotContain(host.Host.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.RevocationRecordFailed);

        Log(host).Down = false;
        await NextRoundAsync(host);

        Assert.Equal(0, Replica(host).Unsent);
        Assert.Single(Log(host).Visible);
    }

    private const string RevocationReplicaHealthCheckName = CookieState.HealthChecks.RevocationReplicaHealthCheck.Name;
}
