using CookieState.Cookies;
using CookieState.Diagnostics;
using CookieState.Format;
using CookieState.Lifetime;
using CookieState.Protection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieState.Store;

/// <summary>
/// The inbound half of the pipeline: request cookies → chunks → sealed text → plaintext → session → lifetime verdict.
/// Bad input of any kind ends as a rejection with a reason and a warning, never as an exception.
/// </summary>
internal sealed class SessionReader
{
    private readonly CookieNames _names;
    private readonly SessionFormats _formats;
    private readonly SessionLifetime _lifetime;
    private readonly CookieStateMetrics _metrics;
    private readonly ILogger _logger;
    private readonly int _maxCookieSize;

    public SessionReader(
        CookieNames names,
        SessionFormats formats,
        SessionLifetime lifetime,
        CookieStateMetrics metrics,
        IOptions<CookieStateOptions> options,
        ILoggerFactory loggerFactory)
    {
        _names = names;
        _formats = formats;
        _lifetime = lifetime;
        _metrics = metrics;
        _maxCookieSize = options.Value.MaxCookieSize;
        _logger = loggerFactory.CreateLogger(CookieStateDiagnostics.SessionLogCategory);
    }

    public CookieNames Names => _names;

    /// <summary>Finds this request's CookieState cookies without reading anything they hold.</summary>
    public SessionCookieSet ParseCookies(HttpRequest request) =>
        RequestCookieParser.Parse(request.Headers.Cookie, _names, _maxCookieSize);

    /// <summary>
    /// Whether the cookies' cleartext refresh hint says the idle timeout should slide now. Untrusted and cheap: no
    /// cryptography; a forged hint only costs the one open that follows it.
    /// </summary>
    public bool IsRefreshHintDue(SessionCookieSet cookies)
    {
        if (cookies.Failure is not null || !cookies.Contains(1))
        {
            return false;
        }

        var value = cookies[1].Span;
        if (ChunkHeader.IsChunked(value))
        {
            if (!ChunkHeader.TryParse(value, out _, out _, out value))
            {
                return false;
            }
        }

        return _formats.Find(value) is { } format
            && format.Sealer.TryReadRefreshAfter(value, out var refreshAfter)
            && _lifetime.Now >= refreshAfter;
    }

    public SessionReadResult Read(SessionCookieSet cookies)
    {
        using var joined = ChunkJoiner.Join(cookies, _formats);
        if (joined.Failure is { } joinFailure)
        {
            return Rejected(cookies, joinFailure, keyId: null);
        }

        if (!joined.HasText)
        {
            return new SessionReadResult(cookies, null);
        }

        var format = joined.Format!;
        SessionPayload payload;
        string? keyId;
        bool sealedWithOldKey;
        using (var opened = format.Sealer.Open(joined.SealedText.Span))
        {
            keyId = opened.KeyId;
            if (opened.KeyRingUnavailable)
            {
                CookieStateLog.KeyRingUnavailable(_logger, keyId);
                return new SessionReadResult(cookies, null, KeyId: keyId, KeyRingUnavailable: true);
            }

            if (opened.Failure is { } openFailure)
            {
                return Rejected(cookies, openFailure, keyId);
            }

            sealedWithOldKey = opened.SealedWithOldKey;
            try
            {
                payload = format.Decode(opened.Plaintext);
            }
            catch (SessionStateFormatException ex)
            {
                return Rejected(cookies, ex.Reason, keyId);
            }
        }

        switch (_lifetime.Evaluate(payload.Header))
        {
            case LifetimeVerdict.IssuedInFuture:
                return Rejected(cookies, CookieStateRejectionReason.IssuedInFuture, keyId);
            case LifetimeVerdict.IdleExpired:
                return Ended(cookies, payload.Header.FormatId(), CookieStateEndReason.IdleTimeout, keyId, format.Kind);
            case LifetimeVerdict.AbsoluteExpired:
                return Ended(cookies, payload.Header.FormatId(), CookieStateEndReason.AbsoluteTimeout, keyId, format.Kind);
        }

        if (sealedWithOldKey)
        {
            CookieStateLog.SealedWithOldKey(_logger, keyId);
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            CookieStateLog.SessionLoaded(_logger, payload.Header.FormatId(), cookies.Count, cookies.HeaderLength);
        }

        _metrics.Loaded();
        return new SessionReadResult(cookies, payload, KeyId: keyId, SealedWithOldKey: sealedWithOldKey, Format: format.Kind);
    }

    private SessionReadResult Rejected(SessionCookieSet cookies, CookieStateRejectionReason reason, string? keyId)
    {
        CookieStateLog.CookieRejected(_logger, reason, keyId);
        _metrics.Rejected(reason);
        return new SessionReadResult(cookies, null, Rejection: reason, KeyId: keyId);
    }

    private SessionReadResult Ended(SessionCookieSet cookies, string sessionId, CookieStateEndReason reason, string? keyId, CookieStateFormat format)
    {
        CookieStateLog.SessionExpired(_logger, sessionId, reason);
        _metrics.Ended(reason);
        return new SessionReadResult(cookies, null, EndReason: reason, EndedSessionId: sessionId, KeyId: keyId, Format: format);
    }
}
