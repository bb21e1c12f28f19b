using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieState.Revocation.Replica;

/// <summary>
/// Keeps the replica following its log: a read at least every half of
/// <see cref="CookieStateRevocationOptions.MaxPropagationDelay"/>, and at once on the log's notice; unsent records go out
/// first in each round. Start-up waits for the first load up to <see cref="CookieStateRevocationOptions.Timeout"/> so a
/// node usually serves with its live set in; a slower log leaves it loading (not ready) rather than blocking the host.
/// </summary>
internal sealed class RevocationReplicaService : IHostedService, IAsyncDisposable
{
    private readonly RevocationReplica _replica;
    private readonly IRevocationLog _log;
    private readonly CookieStateRevocationOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _notice = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private IAsyncDisposable? _subscription;
    private Task? _loop;

    public RevocationReplicaService(
        RevocationReplica replica,
        IRevocationLog log,
        IOptions<CookieStateRevocationOptions> options,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        _replica = replica;
        _log = log;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger(CookieStateDiagnostics.RevocationLogCategory);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        try
        {
            await _replica.Loaded.WaitAsync(_options.Timeout, _timeProvider, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Served as loading: the health check says so and sessions follow the failure mode until the load ends.
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var poll = _options.MaxPropagationDelay / 2;
        var failing = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                // Subscribing is retried with each round: a log that was down at start-up still pushes once it is back.
                _subscription ??= await _log.SubscribeAsync(Notice, stopping);
                await _replica.SyncAsync(stopping);
                failing = false;
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                // One warning per outage: the staleness gauge and the health check tell the rest.
                if (!failing)
                {
                    ReplicaLog.ReadFailed(_logger, _replica.Staleness, ex);
                }

                failing = true;
            }
            catch (OperationCanceledException)
            {
                break;
            }

            using var delay = new CancellationTokenSource(poll, _timeProvider);
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(delay.Token, stopping);
            try
            {
                await _notice.WaitAsync(wake.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private void Notice()
    {
        try
        {
            _notice.Release();
        }
        catch (SemaphoreFullException)
        {
            // A read is due already; one wake covers any number of notices.
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _replica.FinalFlushAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
        }

        _stopping.Dispose();
        _notice.Dispose();
    }
}
