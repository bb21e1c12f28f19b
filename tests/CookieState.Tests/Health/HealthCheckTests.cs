using System.Net;
using CookieState.HealthChecks;
using CookieState.TestServers;
using CookieState.Tests.Infrastructure;
using CookieState.Tests.KeyRing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CookieState.Tests.Health;

/// <summary>
/// <c>AddHealthChecks().AddCookieState()</c> through a real <c>/health</c> endpoint on TestServer, against the real Data
/// Protection stack with keys dated as each case needs, and revocation stores that answer, throw or hang.
/// </summary>
public sealed class HealthCheckTests
{
    private const string Check = CookieStateDiagnostics.HealthCheckName;

    [Fact]
    public async Task A_fresh_key_ring_with_revocation_off_is_healthy()
    {
        await using var host = await HealthHost.StartAsync();

        var health = await host.ProbeAsync();

        Assert.Equal(HttpStatusCode.OK, health.HttpStatus);
        Assert.Equal("Healthy", health.Status);
        Assert.Equal("off", health[Check].Data["revocation"]);
        Assert.Equal(DataProtectionInternals.CurrentDefaultKeyId(host.Services).ToString(), health[Check].Data["defaultKeyId"]);

        // Data Protection's new keys live 90 days.
        Assert.True(health[Check].Time("keysUsableUntil") > DateTimeOffset.UtcNow.AddDays(80));
    }

    [Fact]
    public async Task Healthy_probes_do_not_read_the_key_store_again()
    {
        var store = new FailingXmlRepository();
        await using var host = await HealthHost.StartAsync(services: s => WrapKeyStore(s, store));
        Assert.Equal("Healthy", (await host.ProbeAsync()).Status);
        var reads = store.Reads;

        for (var i = 0; i < 5; i++)
        {
            host.Clock.Advance(TimeSpan.FromMinutes(10));
            Assert.Equal("Healthy", (await host.ProbeAsync()).Status);
        }

        Assert.Equal(reads, store.Reads);
    }

    [Fact]
    public async Task A_key_ring_about_to_expire_is_degraded_with_the_reason_while_sessions_still_work()
    {
        var keys = KeyFolder.Create();
        var key = KeyFolder.CreateKey(keys, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(6));
        await using var host = await HealthHost.StartAsync(keys, automaticKeyGeneration: false);

        var health = await host.ProbeAsync();

        Assert.Equal(HttpStatusCode.OK, health.HttpStatus);
        Assert.Equal("Degraded", health.Status);
        Assert.Contains("usable keys only until", health[Check].Description, StringComparison.Ordinal);
        Assert.Equal(key.KeyId.ToString(), health[Check].Data["defaultKeyId"]);
        Assert.Equal(key.ExpirationDate, health[Check].Time("keysUsableUntil"));

        var jar = new CookieJar();
        Assert.Equal("ok", await host.Host.GetStringAsync("/set/a/1", jar));
        Assert.Equal("1", await host.Host.GetStringAsync("/get/a", jar));
    }

    [Fact]
    public async Task A_successor_this_node_creates_makes_it_healthy_at_the_next_probe()
    {
        var keys = KeyFolder.Create();
        var key = KeyFolder.CreateKey(keys, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(6));
        await using var host = await HealthHost.StartAsync(keys, automaticKeyGeneration: false);
        Assert.Equal("Degraded", (await host.ProbeAsync()).Status);

        var successor = host.Services.GetRequiredService<IKeyManager>().CreateNewKey(key.ExpirationDate, key.ExpirationDate.AddDays(30));
        var health = await host.ProbeAsync();

        Assert.Equal("Healthy", health.Status);
        Assert.Equal(successor.ExpirationDate, health[Check].Time("keysUsableUntil"));
    }

    [Fact]
    public async Task A_successor_another_node_creates_is_seen_after_the_recheck_interval_and_not_before()
    {
        var keys = KeyFolder.Create();
        var key = KeyFolder.CreateKey(keys, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(6));
        var store = new FailingXmlRepository();
        await using var host = await HealthHost.StartAsync(keys, automaticKeyGeneration: false, services: s => WrapKeyStore(s, store));
        Assert.Equal("Degraded", (await host.ProbeAsync()).Status);
        var reads = store.Reads;

        KeyFolder.CreateKey(keys, key.ExpirationDate, key.ExpirationDate.AddDays(30));
        host.Clock.Advance(KeyRingHealth.StoreRecheckInterval - TimeSpan.FromSeconds(1));
        Assert.Equal("Degraded", (await host.ProbeAsync()).Status);
        Assert.Equal(reads, store.Reads);

        host.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("Healthy", (await host.ProbeAsync()).Status);
        Assert.Equal(reads + 1, store.Reads);
    }

    [Fact]
    public async Task Automatic_key_generation_makes_the_successor_ahead_so_a_key_two_days_from_expiry_is_healthy()
    {
        var keys = KeyFolder.Create();
        var key = KeyFolder.CreateKey(keys, DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(2));
        await using var host = await HealthHost.StartAsync(keys, automaticKeyGeneration: true, health: b => b.AddCookieState(o => o.KeyExpirationWindow = TimeSpan.FromDays(7)));

        var health = await host.ProbeAsync();

        Assert.Equal("Healthy", health.Status);
        Assert.Equal(key.KeyId.ToString(), health[Check].Data["defaultKeyId"]);
        Assert.Equal(key.ExpirationDate, health[Check].Time("defaultKeyExpiresAt"));
        Assert.True(health[Check].Time("keysUsableUntil") > DateTimeOffset.UtcNow.AddDays(80));
    }

    [Fact]
    public async Task The_window_is_configured_per_registration()
    {
        var keys = KeyFolder.Create();
        KeyFolder.CreateKey(keys, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(5));
        await using var host = await HealthHost.StartAsync(keys, automaticKeyGeneration: false, health: b => b
            .AddCookieState("week", configure: o => o.KeyExpirationWindow = TimeSpan.FromDays(7))
            .AddCookieState());

        var health = await host.ProbeAsync();

        Assert.Equal("Degraded", health["week"].Status);
        Assert.Contains("7.00:00:00 window", health["week"].Description, StringComparison.Ordinal);
        Assert.Equal("Healthy", health[Check].Status);
    }

    [Fact]
    public async Task An_expired_fallback_key_is_degraded()
    {
        // With every key expired and generation off, Data Protection keeps sealing with a fallback key (one other than
        // its first pick, hence two keys) rather than fail.
        var keys = KeyFolder.Create();
        var older = KeyFolder.CreateKey(keys, DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow.AddDays(-30));
        var newer = KeyFolder.CreateKey(keys, DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddHours(-1));
        await using var host = await HealthHost.StartAsync(keys, automaticKeyGeneration: false);

        var health = await host.ProbeAsync();

        Assert.Equal("Degraded", health.Status);
        Assert.Contains(health[Check].Data["defaultKeyId"], new[] { older.KeyId.ToString(), newer.KeyId.ToString() });
        Assert.Contains("expired", health[Check].Description, StringComparison.Ordinal);
        var jar = new CookieJar();
        Assert.Equal("ok", await host.Host.GetStringAsync("/set/a/1", jar));
    }

    [Fact]
    public async Task No_usable_key_is_unhealthy()
    {
        await using var host = await HealthHost.StartAsync(automaticKeyGeneration: false);

        var health = await host.ProbeAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.HttpStatus);
        Assert.Equal("Unhealthy", health.Status);
        Assert.Contains("key ring cannot be loaded", health[Check].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_key_store_is_degraded_and_retried_once_per_interval()
    {
        var keys = KeyFolder.Create();
        KeyFolder.CreateKey(keys, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(6));
        var store = new FailingXmlRepository();
        await using var host = await HealthHost.StartAsync(keys, automaticKeyGeneration: false, services: s => WrapKeyStore(s, store));
        Assert.Equal("Degraded", (await host.ProbeAsync()).Status);

        store.Down = true;
        var reads = store.Reads;
        host.Clock.Advance(KeyRingHealth.StoreRecheckInterval);
        var down = await host.ProbeAsync();
        Assert.Equal(reads + 1, store.Reads);
        Assert.Equal("Degraded", down.Status);
        Assert.Contains("key store could not be read", down[Check].Description, StringComparison.Ordinal);

        // The last good key list still tells the expiry; the store is not asked again within the interval.
        Assert.Contains("usable keys only until", down[Check].Description, StringComparison.Ordinal);
        Assert.Equal("Degraded", (await host.ProbeAsync()).Status);
        Assert.Equal(reads + 1, store.Reads);

        store.Down = false;
        host.Clock.Advance(KeyRingHealth.StoreRecheckInterval);
        var back = await host.ProbeAsync();
        Assert.DoesNotContain("could not be read", back[Check].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revocation_store_that_answers_is_asked_once_per_probe()
    {
        var cache = new FakeDistributedCache();
        await using var host = await HealthHost.StartAsync(services: s => AddRevocation(s, cache));

        var health = await host.ProbeAsync();

        Assert.Equal("Healthy", health.Status);
        Assert.Equal("answered", health[Check].Data["revocation"]);
        Assert.Equal(1, cache.Calls);
    }

    [Fact]
    public async Task A_revocation_store_that_throws_is_unhealthy_when_failing_closed()
    {
        var cache = new FakeDistributedCache { Failing = CacheCalls.All };

        // The store's message is quoted only when asked for (HealthErrorDetailTests pins the default).
        await using var host = await HealthHost.StartAsync(
            health: b => b.AddCookieState(o => o.IncludeErrorDetails = true), services: s => AddRevocation(s, cache));

        var health = await host.ProbeAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.HttpStatus);
        Assert.Equal("Unhealthy", health.Status);
        Assert.Contains("revocation store failed (Connection refused", health[Check].Description, StringComparison.Ordinal);
        Assert.Contains("FailClosed", health[Check].Description, StringComparison.Ordinal);
        Assert.Equal("failed", health[Check].Data["revocation"]);
        Assert.Equal(1, cache.Calls);
    }

    [Fact]
    public async Task A_revocation_store_that_throws_is_degraded_when_failing_open()
    {
        var cache = new FakeDistributedCache { Failing = CacheCalls.All };
        await using var host = await HealthHost.StartAsync(services: s => AddRevocation(s, cache, CookieStateRevocationFailureMode.FailOpen));

        var health = await host.ProbeAsync();

        Assert.Equal(HttpStatusCode.OK, health.HttpStatus);
        Assert.Equal("Degraded", health.Status);
        Assert.Contains("revoked cookies are accepted", health[Check].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revocation_store_that_hangs_fails_after_the_revocation_timeout()
    {
        var cache = new FakeDistributedCache { ReadHang = CacheReadHang.UntilCancelled };
        await using var host = await HealthHost.StartAsync(services: s => AddRevocation(s, cache));

        var probe = host.ProbeAsync();
        await cache.ReadHanging;
        Assert.False(probe.IsCompleted);
        host.Clock.Advance(new CookieStateRevocationOptions().Timeout);
        var health = await probe;

        Assert.Equal("Unhealthy", health.Status);
        Assert.Contains("did not answer within 00:00:05", health[Check].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_check_told_to_leave_the_revocation_store_alone_does()
    {
        var cache = new FakeDistributedCache { Failing = CacheCalls.All };
        await using var host = await HealthHost.StartAsync(
            health: b => b.AddCookieState(o => o.CheckRevocationStore = false),
            services: s => AddRevocation(s, cache));

        var health = await host.ProbeAsync();

        Assert.Equal("Healthy", health.Status);
        Assert.Equal("not checked", health[Check].Data["revocation"]);
        Assert.Equal(0, cache.Calls);
    }

    [Fact]
    public async Task Failure_status_and_tags_follow_the_registration()
    {
        await using var host = await HealthHost.StartAsync(automaticKeyGeneration: false, health: b => b
            .AddCookieState("cookies", HealthStatus.Degraded, ["ready"]));

        var ready = await host.ProbeAsync("/ready");
        var live = await host.ProbeAsync("/live");

        Assert.Equal(HttpStatusCode.OK, ready.HttpStatus);
        Assert.Equal("Degraded", ready["cookies"].Status);
        Assert.Contains("key ring cannot be loaded", ready["cookies"].Description, StringComparison.Ordinal);
        Assert.Empty(live.Entries);
    }

    [Fact]
    public async Task Without_AddCookieState_the_check_says_what_is_missing()
    {
        using var host = await new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureServices(s =>
                {
                    s.AddRouting();
                    s.AddHealthChecks().AddCookieState();
                })
                .Configure(app => app
                    .UseRouting()
                    .UseEndpoints(e => e.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthReportJson.WriteAsync }))))
            .StartAsync();

        using var response = await host.GetTestClient().GetAsync("/health");
        var health = await HealthResponse.ReadAsync(response);

        Assert.Equal("Unhealthy", health.Status);
        Assert.Contains("call services.AddCookieState()", health[Check].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_negative_window_is_refused_at_startup()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => HealthHost.StartAsync(
            health: b => b.AddCookieState(o => o.KeyExpirationWindow = TimeSpan.FromHours(-1))));

        Assert.Contains("KeyExpirationWindow must not be negative", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registration_arguments_are_checked()
    {
        var builder = new ServiceCollection().AddHealthChecks();

        Assert.Throws<ArgumentNullException>(() => ((IHealthChecksBuilder)null!).AddCookieState());
        Assert.Throws<ArgumentNullException>(() => builder.AddCookieState((Action<CookieStateHealthCheckOptions>)null!));
        Assert.Throws<ArgumentException>(() => builder.AddCookieState(string.Empty));
    }

    private static void WrapKeyStore(IServiceCollection services, FailingXmlRepository store) =>
        services.PostConfigure<KeyManagementOptions>(o => o.XmlRepository = store.Wrap(o.XmlRepository));

    private static void AddRevocation(IServiceCollection services, IDistributedCache cache, CookieStateRevocationFailureMode mode = CookieStateRevocationFailureMode.FailClosed)
    {
        services.AddSingleton(cache);
        services.AddCookieStateRevocation(o => o.FailureMode = mode);
    }
}
