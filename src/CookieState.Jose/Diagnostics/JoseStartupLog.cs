using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieState.Jose.Diagnostics;

/// <summary>
/// Says at startup which JOSE keys open and seal cookies, and warns when the mode leaves session values readable. Runs
/// before the server accepts requests; with no keys configured the format is idle and nothing is logged.
/// </summary>
internal sealed class JoseStartupLog(IOptions<CookieStateJoseOptions> options, ILoggerFactory loggers) : IHostedLifecycleService
{
    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var jose = options.Value;
        if (jose.Keys.Count > 0)
        {
            var logger = loggers.CreateLogger(CookieStateDiagnostics.ConfigurationLogCategory);
            JoseLog.JoseKeysLoaded(logger, jose.Mode, string.Join(", ", jose.Keys.Select(k => k.Id)), jose.PrimaryKeyId);
            if (jose.Mode == CookieStateJoseMode.Signed)
            {
                JoseLog.JoseSignedModeReadable(logger);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
