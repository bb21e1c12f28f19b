using Microsoft.Extensions.Hosting;

namespace CookieState.PostgreSql.Tests;

/// <summary>Stands in for the web server: records whether the host got as far as starting it.</summary>
internal sealed class StartProbe : IHostedService
{
    public bool Started { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Started = true;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
