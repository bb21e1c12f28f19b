using CookieState.Cookies;
using CookieState.Diagnostics;
using CookieState.Lifetime;
using CookieState.Protection;
using CookieState.Protection.DataProtection;
using CookieState.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieState.Persistence;

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
    private readonly LogRateLimiter _logLimiter;
    private readonly DataProtectionKeyRing _keyRing;
    private readonly int _maxCookieSize;

    public SessionReader(
        CookieNames names,
        SessionFormats formats,
        SessionLifetime lifetime,
        CookieStateMetrics metrics,
        IOptions<CookieStateOptions> options,
        ILoggerFactory loggerFactory,
        LogRateLimiter logLimiter,
        DataProtectionKeyRing keyRing)
    {
        _keyRing = keyRing;
        _logLimiter = logLimiter;
        _names = names;
        _formats = formats;
        _lifetime = lifetime;
        _metrics = metrics;
        _maxCookieSize = options.Value.MaxCookieSize;
        _logger = loggerFactory.CreateLogger(CookieStateDiagnostics.SessionLogCategory);
    }

    /// <summary>Whether the request carries a cookie that is or looks like ours, without reading any value.</summary>
    public bool MayCarry(HttpRequest request) => RequestCookieParser.MayCarry(request, _names);

    /// <summary>
    /// When the session cookie names a Data Protection key the cached ring lacks, the lookup of that key, to await before
    /// the endpoint runs (bounded by the pickup's <c>ReloadTimeout</c>); <see langword="null"/> otherwise. Reads only the
    /// first characters of the sealed text: no cryptography, no key store read on this thread.
    /// </summary>
    public Task? PickUpUnknownKey(RequestCookies cookies, CancellationToken cancellationToken)
    {
        if (!_keyRing.CanPickUp)
        {
            return null;
        }

        using var joined = ChunkJoiner.Join(cookies.Set);
        if (joined.Rejection is not null || joined.Count == 0
            || _formats.Find(joined[0].Text.Span) is not { } format
            || !_formats.Reads(format)
            || !format.Sealer.TryPeekDataProtectionKeyId(joined[0].Text.Span, out var keyId))
        {
            return null;
        }

        return _keyRing.PickUpIfUnknown(keyId, cancellationToken);
    }

    /// <summary>Finds this request's CookieState cookies without reading anything they hold.</summary>
    public RequestCookies Parse(HttpRequest request) =>
        new(RequestCookieParser.Parse(request.Headers.Cookie, _names, _maxCookieSize));

    /// <summary>The request's cookies by name and length, for the inspector.</summary>
    public IReadOnlyList<CookieStateCookie> Describe(RequestCookies cookies)
    {
        var described = new List<CookieStateCookie>();
        for (var index = 1; index <= _names.MaxChunkCount; index++)
        {
            if (cookies.Set.Contains(index))
            {
                described.Add(new CookieStateCookie(_names[index], cookies.Set[index].Length));
            }
        }

        return described;
    }

    /// <summary>
    /// Whether the cookies' cleartext refresh hint says the idle timeout should slide now. Untrusted and cheap: no
    /// cryptography; a forged hint only costs the one open that follows it.
    /// </summary>
    public bool IsRefreshHintDue(RequestCookies cookies)
    {
        var set = cookies.Set;
        if (set.Rejection is not null || !set.Contains(1))
        {
            return false;
        }

        var value = set[1].Span;
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

    public SessionReadResult Read(RequestCookies cookies)
    {
        // 1. The transport: chunks joined into candidate texts, each with the tag its chunks carried.
        using var joined = ChunkJoiner.Join(cookies.Set);
        if (joined.Rejection is { } joinRejection)
        {
            return Rejected(cookies, joinRejection, keyId: null);
        }

        if (joined.Count == 0)
        {
            return new SessionReadResult(ReadOutcome.None, cookies);
        }

        // 2. Which text is the session, in which format, with the tag its content has.
        if (Identify(joined, _formats, out var identified, out var sealedText) is { } rejection)
        {
            return Rejected(cookies, rejection, keyId: null);
        }

        var format = identified!;
        var text = sealedText.Span;

        // 3. Open and decode.
        SessionPayload payload;
        string? keyId;
        bool sealedWithOldKey;
        using (var opened = format.Sealer.Open(text))
        {
            keyId = opened.KeyId;
            switch (opened.Outcome)
            {
                case ReadOutcome.Unavailable:
                    if (_logLimiter.TryAcquire(CookieStateEventIds.KeyRingUnavailable, string.Empty, out var suppressed))
                    {
                        CookieStateLog.KeyRingUnavailable(_logger, keyId, suppressed);
                    }

                    return new SessionReadResult(ReadOutcome.Unavailable, cookies, KeyId: keyId);
                case not ReadOutcome.Accepted:
                    return Rejected(cookies, opened.Rejection ?? CookieStateRejectionReason.Tampered, keyId);
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

        // 4. The lifetime.
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
            CookieStateLog.SessionLoaded(_logger, payload.Header.FormatId(), cookies.Set.Count, cookies.Set.HeaderLength);
        }

        _metrics.Loaded();
        return new SessionReadResult(ReadOutcome.Accepted, cookies, payload, KeyId: keyId, SealedWithOldKey: sealedWithOldKey, Format: format.Kind);
    }

    /// <summary>
    /// Which joined text is the session and in which format, checked before any cryptography: the format by the text's
    /// first characters (a bare cookie only in a format that writes bare cookies), and the chunks' tag against the one the
    /// format binds to the content, so that chunks of two writes never join.
    /// </summary>
    internal static CookieStateRejectionReason? Identify(
        in JoinedChunks joined, SessionFormats formats, out SessionFormat? format, out ReadOnlyMemory<char> sealedText)
    {
        var candidate = joined[0];
        sealedText = candidate.Text;
        format = formats.Find(sealedText.Span);
        if (format is null || (candidate.IsBare && !format.Sealer.AllowsBareCookie))
        {
            format = null;
            return CookieStateRejectionReason.Malformed;
        }

        if (!formats.Reads(format))
        {
            format = null;
            return CookieStateRejectionReason.AlgorithmNotAllowed;
        }

        if (!candidate.IsBare && !format.HasContentTag(sealedText.Span, candidate.Tag.Span))
        {
            format = null;
            return CookieStateRejectionReason.Tampered;
        }

        return null;
    }

    private SessionReadResult Rejected(RequestCookies cookies, CookieStateRejectionReason reason, string? keyId)
    {
        // Anyone can send bad cookies on every request: one line per reason per interval, every one counted in the metrics.
        if (_logLimiter.TryAcquire(CookieStateEventIds.CookieRejected, reason.ToString(), out var suppressed))
        {
            CookieStateLog.CookieRejected(_logger, reason, keyId, suppressed);
        }

        _metrics.Rejected(reason);
        return new SessionReadResult(ReadOutcome.Rejected, cookies, Rejection: reason, KeyId: keyId);
    }

    private SessionReadResult Ended(RequestCookies cookies, string sessionId, CookieStateEndReason reason, string? keyId, CookieStateFormat format)
    {
        CookieStateLog.SessionExpired(_logger, sessionId, reason);
        _metrics.Ended(reason);
        return new SessionReadResult(ReadOutcome.Ended, cookies, EndReason: reason, EndedSessionId: sessionId, KeyId: keyId, Format: format);
    }
}
