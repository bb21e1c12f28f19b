using CookieState.HealthChecks;
using CookieState.TestServers;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests.Health;

/// <summary>
/// Store exception messages name hosts, ports and paths: they stay out of the health response unless the app asks for
/// them (issue 21, item 7).
/// </summary>
public sealed class HealthErrorDetailTests
{
    private const string Check = CookieStateDiagnostics.HealthCheckName;

    [Fact]
    public async Task A_failing_revocation_store_says_so_without_its_exception_message()
    {
        var cache = new FakeDistributedCache { Failing = CacheCalls.All };
        await using var host = await HealthHost.StartAsync(services: s => AddRevocation(s, cache));

        var health = await host.ProbeAsync();

        Assert.Equal("Unhealthy", health.Status);
        Assert.Contains("revocation store failed:", health[Check].Description, StringComparison.Ordinal);
        Assert.DoesNotContain("Connection refused", health[Check].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_key_store_says_so_without_its_exception_message()
    {
        var keys = KeyFolder.Create();
        KeyFolder.CreateKey(keys, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(6));
        var store = new FailingXmlRepository();
        await using var host = await HealthHost.StartAsync(keys, automaticKeyGeneration: false, services: s => WrapKeyStore(s, store));
        await host.ProbeAsync();

        store.Down = true;
        host.Clock.Advance(KeyRingHealth.StoreRecheckInterval);
        var down = await host.ProbeAsync();

        Assert.Contains("key store could not be read:", down[Check].Description, StringComparison.Ordinal);
        Assert.DoesNotContain("unreachable", down[Check].Description, StringComparison.Ordinal);
    }

    private static void WrapKeyStore(IServiceCollection services, FailingXmlRepository store) =>
        services.PostConfigure<KeyManagementOptions>(o => o.XmlRepository = store.Wrap(o.XmlRepository));

    private static void AddRevocation(IServiceCollection services, IDistributedCache cache)
    {
        services.AddSingleton(cache);
        services.AddCookieStateRevocation(o => o.FailureMode = CookieStateRevocationFailureMode.FailClosed);
    }
}
