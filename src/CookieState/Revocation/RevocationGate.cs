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

    /// <summary>
    /// Asks the store whether a session read from cookies was revoked: its lineage (the header's, so every id the session
    /// had is covered), or its bound user (the header's binding, which no entry operation reaches).
    /// </summary>
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
            if (await IsRevokedAsync(_revocation, payload, linked.Token).WaitAsync(linked.Token))
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
        ICookieStateRevocation revocation, SessionPayload payload, CancellationToken cancellationToken) =>
        await revocation.IsRevokedAsync(payload.Header.FormatLineageId(), cancellationToken)
        || (payload.Header.User is { } user && await revocation.IsUserRevokedAsync(user.UserId, user.BoundAt, cancellationToken));

    /// <summary>
    /// Records an abandoned session's lineage as revoked. Not tied to the request's abort token: a client that disconnects
    /// must not leave its session valid. Never throws: a failure (the store down, a timeout) is logged as an error and
    /// counted; the client's cookies are expired regardless.
    /// </summary>
    public async Task RecordAsync(string lineageId)
    {
        if (_revocation is null)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(_options.Timeout, _timeProvider);
        try
        {
            await _revocation.RevokeAsync(lineageId, timeout.Token).WaitAsync(timeout.Token);
        }
        catch (Exception ex)
        {
            RevocationLog.RevocationRecordFailed(_logger, lineageId, ex);
            _metrics.RevocationFailed("record");
        }
    }

    /// <summary>
    /// A session abandoned while its cookies could not be opened (the key ring down): its lineage is unknown, so nothing
    /// can be recorded and copies of its cookies stay valid until they expire. Logged as an error and counted when
    /// revocation is on; without revocation nothing would have been recorded anyway.
    /// </summary>
    public void RecordUnreadable()
    {
        if (_revocation is null)
        {
            return;
        }

        RevocationLog.RevocationUnrecordable(_logger);
        _metrics.RevocationFailed("unreadable");
    }
}
