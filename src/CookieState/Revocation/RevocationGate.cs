using CookieState.Diagnostics;
using CookieState.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieState.Revocation;

/// <summary>
/// Where the middleware meets the optional <see cref="ICookieStateRevocation"/>: the check before the endpoint, the record
/// after <c>Abandon()</c>, each under its own timeout, with store failures logged, counted and handled by the configured
/// <see cref="CookieStateRevocationFailureMode"/>. Without a registered revocation it is off and never touches a server.
/// </summary>
internal sealed class RevocationGate
{
    private readonly ICookieStateRevocation? _revocation;
    private readonly CookieStateRevocationOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly CookieStateMetrics _metrics;
    private readonly ILogger _logger;

    public RevocationGate(
        IServiceProvider services,
        IOptions<CookieStateRevocationOptions> options,
        TimeProvider timeProvider,
        CookieStateMetrics metrics,
        ILoggerFactory loggerFactory)
    {
        _revocation = (ICookieStateRevocation?)services.GetService(typeof(ICookieStateRevocation));
        _options = options.Value;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = loggerFactory.CreateLogger(CookieStateDiagnostics.RevocationLogCategory);
    }

    public bool Enabled => _revocation is not null;

    /// <summary>Asks the store whether a session read from cookies was revoked, by id or through its bound user.</summary>
    public async Task<RevocationCheck> CheckAsync(SessionPayload payload, CancellationToken requestAborted)
    {
        if (_revocation is null)
        {
            return RevocationCheck.Live;
        }

        var sessionId = payload.Header.FormatId();
        using var timeout = new CancellationTokenSource(_options.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, requestAborted);
        try
        {
            // Passing the token does not bound the wait: some stores ignore it (the Redis cache does not hand it to the
            // client, whose queue waits its own syncTimeout while reconnecting). Waiting on the token holds the timeout.
            if (await IsRevokedAsync(_revocation, payload, sessionId, linked.Token).WaitAsync(linked.Token))
            {
                RevocationLog.SessionRevoked(_logger, sessionId);
                _metrics.Ended(CookieStateEndReason.Revoked);
                return RevocationCheck.Revoked;
            }

            return RevocationCheck.Live;
        }
        catch (OperationCanceledException) when (requestAborted.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            RevocationLog.RevocationStoreFailed(_logger, sessionId, _options.FailureMode, ex);
            _metrics.RevocationFailed("check");
            return _options.FailureMode == CookieStateRevocationFailureMode.FailOpen ? RevocationCheck.Live : RevocationCheck.Unavailable;
        }
    }

    private static async Task<bool> IsRevokedAsync(
        ICookieStateRevocation revocation, SessionPayload payload, string sessionId, CancellationToken cancellationToken) =>
        await revocation.IsRevokedAsync(sessionId, cancellationToken)
        || (payload.Entries.TryGetValue(CookieStateDefaults.UserBindingKey, out var binding)
            && SessionUserBinding.TryDecode(binding, out var userId, out var boundAt)
            && await revocation.IsUserRevokedAsync(userId, boundAt, cancellationToken));

    /// <summary>
    /// Records an abandoned session as revoked. Not tied to the request's abort token: a client that disconnects must not
    /// leave its session valid. A failure is logged as an error and counted; the client's cookies are expired regardless.
    /// </summary>
    public async Task RecordAsync(string sessionId)
    {
        if (_revocation is null)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(_options.Timeout, _timeProvider);
        try
        {
            await _revocation.RevokeAsync(sessionId, timeout.Token).WaitAsync(timeout.Token);
        }
        catch (Exception ex)
        {
            RevocationLog.RevocationRecordFailed(_logger, sessionId, ex);
            _metrics.RevocationFailed("record");
        }
    }
}
