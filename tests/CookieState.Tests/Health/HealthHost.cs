using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CookieState.Tests.Health;

/// <summary>
/// A <see cref="SessionTestHost"/> with the health check mapped as apps map it: <c>/health</c> runs every check,
/// <c>/ready</c> and <c>/live</c> the checks tagged so. Its clock starts at the real time, because Data Protection dates
/// keys by the real clock.
/// </summary>
public sealed class HealthHost : IAsyncDisposable
{
    private HealthHost(SessionTestHost host) => Host = host;

    public SessionTestHost Host { get; }

    public FakeTimeProvider Clock => Host.Clock;

    public string KeyDirectory => Host.KeyDirectory;

    public IServiceProvider Services => Host.Services;

    public static async Task<HealthHost> StartAsync(
        string? keyDirectory = null,
        bool automaticKeyGeneration = true,
        Action<IHealthChecksBuilder>? health = null,
        Action<IServiceCollection>? services = null)
    {
        keyDirectory ??= KeyFolder.Create();
        var host = await SessionTestHost.StartAsync(
            keyDirectory: keyDirectory,
            clock: new FakeTimeProvider(DateTimeOffset.UtcNow),
            services: s =>
            {
                if (!automaticKeyGeneration)
                {
                    s.Configure<KeyManagementOptions>(o => o.AutoGenerateKeys = false);
                }

                var checks = s.AddHealthChecks();
                if (health is null)
                {
                    checks.AddCookieState();
                }
                else
                {
                    health(checks);
                }

                services?.Invoke(s);
            },
            endpoints: e =>
            {
                e.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthReportJson.WriteAsync });
                e.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthReportJson.WriteAsync });
                e.MapHealthChecks("/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains("live"), ResponseWriter = HealthReportJson.WriteAsync });
            });
        return new HealthHost(host);
    }

    public async Task<HealthResponse> ProbeAsync(string path = "/health")
    {
        using var response = await Host.Client.GetAsync(path);
        return await HealthResponse.ReadAsync(response);
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
