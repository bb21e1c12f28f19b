using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieState.PostgreSql;

/// <summary>
/// Reads the key ring once while the host starts, so a node that cannot reach its key store fails
/// at startup with a clear message instead of on its first request.
/// </summary>
internal sealed class PostgreSqlKeyRingStartupCheck(
    IOptions<KeyManagementOptions> keyManagementOptions,
    ILogger<PostgreSqlKeyRingStartupCheck> logger) : IHostedLifecycleService
{
    /// <summary>Runs before any hosted service's StartAsync, that is before the server accepts requests.</summary>
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        // Check whatever repository is finally configured; a later PersistKeysTo* call may have replaced ours.
        if (keyManagementOptions.Value.XmlRepository is not PostgreSqlXmlRepository repository)
        {
            PostgreSqlKeyRingLog.StartupCheckSkipped(logger, keyManagementOptions.Value.XmlRepository?.GetType().FullName);
            return Task.CompletedTask;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var count = repository.GetAllElements().Count;
        PostgreSqlKeyRingLog.StartupCheckSucceeded(logger, repository.QualifiedTableName, count);
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
