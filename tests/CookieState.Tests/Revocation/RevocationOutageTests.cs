using System.Diagnostics.Metrics;
using CookieState.Diagnostics;
using CookieState.TestServers;
using CookieState.Tests.Infrastructure;
using CookieState.Tests.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;

namespace CookieState.Tests.Revocation;

/// <summary>What happens to sessions while the revocation store is down, under each failure mode.</summary>
public sealed class RevocationOutageTests
{
    private static void Endpoints(IEndpointRouteBuilder e)
    {
        e.MapGet("/available", (HttpContext c) => c.Session.IsAvailable ? "yes" : "no");
        e.MapGet("/try-set/{key}/{value}", (HttpContext c, string key, string value) =>
        {
            try
            {
                c.Session.SetString(key, value);
                return "ok";
            }
            catch (CookieStateUnavailableException)
            {
                return "unavailable";
            }
        });
    }

    private static Task<SecurityHost> StartAsync(FakeDistributedCache cache, CookieStateRevocationFailureMode mode) =>
        SecurityHost.StartAsync(
            services: s =>
            {
                s.AddSingleton<IDistributedCache>(cache);
                s.AddCookieStateRevocation(o => o.FailureMode = mode);
            },
            endpoints: Endpoints);

    [Fact]
    public async Task Failing_closed_the_session_is_unavailable_its_cookies_untouched_and_it_returns_with_the_store()
    {
        var cache = new FakeDistributedCache();
        await using var host = await StartAsync(cache, CookieStateRevocationFailureMode.FailClosed);
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/user/alice", jar);
        var cookieBefore = jar[".CookieState"];
        using var failures = new MetricCollector<long>(
            host.Host.Services.GetRequiredService<IMeterFactory>(), CookieStateDiagnostics.MeterName, "cookiestate.revocation.failures");

        cache.Failing = CacheCalls.All;
        using (var read = await host.Host.GetAsync("/get/user", jar))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, read.StatusCode);
            Assert.Equal("(null)", await read.Content.ReadAsStringAsync());
            Assert.False(read.Headers.Contains("Set-Cookie"));
        }

        Assert.Equal("no", await host.Host.GetStringAsync("/available", jar));
        Assert.Equal("unavailable", await host.Host.GetStringAsync("/try-set/user/mallory", jar));
        Assert.Equal(cookieBefore, jar[".CookieState"]);
        Assert.DoesNotContain(host.Events, e => e.StartsWith("Ended", StringComparison.Ordinal));
        Assert.Contains(host.Host.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.RevocationStoreFailed && e.Message.Contains("FailClosed", StringComparison.Ordinal));
        Assert.True(failures.GetMeasurementSnapshot().Count >= 3);

        cache.Failing = CacheCalls.None;
        Assert.Equal("alice", await host.Host.GetStringAsync("/get/user", jar));
    }

    [Fact]
    public async Task Failing_open_the_session_works_unchecked_during_the_outage()
    {
        var cache = new FakeDistributedCache();
        await using var host = await StartAsync(cache, CookieStateRevocationFailureMode.FailOpen);
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/user/alice", jar);

        cache.Failing = CacheCalls.All;

        Assert.Equal("alice", await host.Host.GetStringAsync("/get/user", jar));
        Assert.Equal("ok", await host.Host.GetStringAsync("/try-set/user/bob", jar));
        Assert.Equal("bob", await host.Host.GetStringAsync("/get/user", jar));
        Assert.Contains(host.Host.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.RevocationStoreFailed && e.Message.Contains("FailOpen", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_store_that_fails_on_abandon_is_logged_as_an_error_and_the_cookies_are_still_expired()
    {
        var cache = new FakeDistributedCache();
        await using var host = await StartAsync(cache, CookieStateRevocationFailureMode.FailOpen);
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/user/alice", jar);

        cache.Failing = CacheCalls.All;
        using var response = await host.Host.GetAsync("/abandon", jar);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(jar.Cookies);
        Assert.Contains(host.Host.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.RevocationRecordFailed);
    }

    [Fact]
    public async Task Fail_closed_is_the_default()
    {
        await using var host = await SecurityHost.StartAsync(services: s =>
        {
            s.AddSingleton<IDistributedCache>(new FakeDistributedCache { Failing = CacheCalls.All });
            s.AddCookieStateRevocation();
        });

        Assert.Equal(
            CookieStateRevocationFailureMode.FailClosed,
            host.Host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CookieStateRevocationOptions>>().Value.FailureMode);
    }

    [Theory]
    [InlineData("Production", true)]
    [InlineData("Development", false)]
    public async Task A_memory_cache_behind_revocation_is_warned_about_outside_Development(string environment, bool warned)
    {
        await using var host = await SessionTestHost.StartAsync(services: s =>
        {
            s.AddSingleton<IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = environment });
            s.AddDistributedMemoryCache();
            s.AddCookieStateRevocation();
        });

        Assert.Equal(warned, host.Logs.Entries.Any(e => e.EventId.Id == CookieStateEventIds.RevocationCacheNotShared));
    }
}
