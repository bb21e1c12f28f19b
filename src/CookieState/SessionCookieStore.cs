using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CookieState;

/// <summary>
/// Moves session state between the request's and the response's cookies:
/// cookies → chunks → sealed text → state bytes → <see cref="SessionState"/>, and back.
/// </summary>
internal sealed class SessionCookieStore
{
    private readonly CookieStateOptions _options;
    private readonly ISessionPayloadProtector _protector;
    private readonly TimeProvider _timeProvider;
    private readonly CookieStateMetrics _metrics;
    private readonly ILogger _logger;
    private readonly SessionPayloadCodec _codec;

    public SessionCookieStore(
        IOptions<CookieStateOptions> options,
        ISessionPayloadProtector protector,
        TimeProvider timeProvider,
        CookieStateMetrics metrics,
        ILogger<SessionCookieStore> logger)
    {
        _options = options.Value;
        _protector = protector;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
        _codec = new SessionPayloadCodec(_options);
    }

    public CookieStateOptions Options => _options;

    public TimeProvider TimeProvider => _timeProvider;

    public CookieStateMetrics Metrics => _metrics;

    private string CookieName => _options.Cookie.Name ?? CookieStateDefaults.CookieName;

    public SessionLoadResult Load(HttpContext context)
    {
        var chunks = CookieChunker.Read(context.Request.Cookies, CookieName, _options.MaxChunkCount, _options.MaxCookieSize);
        if (chunks.Failure is { } chunkFailure)
        {
            return Rejected(chunkFailure, chunks, keyId: null);
        }

        if (chunks.SealedText is null)
        {
            return new SessionLoadResult(null, null, null, null, chunks, null, false);
        }

        var opened = _protector.Open(chunks.SealedText);
        if (opened.Failure is { } openFailure)
        {
            return Rejected(openFailure, chunks, opened.KeyId);
        }

        SessionState state;
        try
        {
            state = _codec.Decode(opened.Plaintext!);
        }
        catch (SessionStateFormatException ex)
        {
            return Rejected(ex.Reason, chunks, opened.KeyId);
        }

        var sessionId = SessionState.FormatId(state.Id);
        var now = _timeProvider.GetUtcNow();
        CookieStateEndReason? ended = now - state.CreatedAt > _options.AbsoluteTimeout ? CookieStateEndReason.AbsoluteTimeout
            : now - state.IssuedAt > _options.IdleTimeout ? CookieStateEndReason.IdleTimeout
            : null;
        if (ended is { } reason)
        {
            CookieStateLog.SessionExpired(_logger, sessionId, reason);
            _metrics.Ended(reason);
            return new SessionLoadResult(null, null, reason, sessionId, chunks, opened.KeyId, false);
        }

        if (opened.SealedWithOldKey)
        {
            CookieStateLog.SealedWithOldKey(_logger, opened.KeyId);
        }

        CookieStateLog.SessionLoaded(_logger, sessionId, chunks.Cookies.Count, chunks.RequestHeaderLength);
        _metrics.Loaded();
        return new SessionLoadResult(state, null, null, null, chunks, opened.KeyId, opened.SealedWithOldKey);
    }

    /// <summary>
    /// Seals <paramref name="state"/> into response cookies and expires the <paramref name="staleNames"/> it no longer needs.
    /// Throws <see cref="CookieStateOverflowException"/>, writing nothing, when the cookies would break the budget.
    /// </summary>
    public IReadOnlyList<RequestCookie> Save(HttpContext context, SessionState state, IEnumerable<string> staleNames, bool replaceEarlierWrites)
    {
        var sealedText = _protector.Seal(_codec.Encode(state));
        var cookieOptions = _options.Cookie.Build(context);
        var chunks = CookieChunker.Split(sealedText, CookieName, CookieChunker.GetAttributesLength(cookieOptions), _options.ChunkSize);
        var size = CookieChunker.GetRequestHeaderLength(chunks);
        if (size > _options.MaxCookieSize || chunks.Count > _options.MaxChunkCount)
        {
            throw Overflow(state, size);
        }

        if (replaceEarlierWrites)
        {
            RemoveSetCookieHeaders(context.Response);
        }

        foreach (var chunk in chunks)
        {
            context.Response.Cookies.Append(chunk.Name, chunk.Value, cookieOptions);
        }

        foreach (var name in staleNames)
        {
            if (!chunks.Any(c => c.Name == name))
            {
                context.Response.Cookies.Delete(name, cookieOptions);
            }
        }

        CookieStateLog.SessionCommitted(_logger, SessionState.FormatId(state.Id), chunks.Count, size);
        _metrics.Committed(size);
        return chunks;
    }

    /// <summary>Expires the named cookies at the client.</summary>
    public void Expire(HttpContext context, IEnumerable<string> names, bool replaceEarlierWrites)
    {
        if (replaceEarlierWrites)
        {
            RemoveSetCookieHeaders(context.Response);
        }

        var cookieOptions = _options.Cookie.Build(context);
        foreach (var name in names)
        {
            context.Response.Cookies.Delete(name, cookieOptions);
        }
    }

    /// <summary>
    /// Throws <see cref="CookieStateOverflowException"/> when state of <paramref name="serializedSize"/> bytes cannot fit,
    /// using an upper bound of the sealed length so that no sealing is needed. With compression on, a state whose
    /// uncompressed bound does not fit is compressed once to measure, so that a state that fits only compressed is accepted.
    /// </summary>
    public void EnsureFits(HttpContext context, SessionState state, int serializedSize, string pendingKey, int pendingValueLength)
    {
        var attributesLength = CookieChunker.GetAttributesLength(_options.Cookie.Build(context));
        var size = CookieChunker.MeasureRequestHeaderLength(
            _protector.GetMaxSealedLength(_codec.GetMaxPlaintextLength(serializedSize)), CookieName, attributesLength, _options.ChunkSize, out var chunkCount);
        if (size <= _options.MaxCookieSize && chunkCount <= _options.MaxChunkCount)
        {
            return;
        }

        if (_options.Compression != CookieStateCompression.None)
        {
            size = CookieChunker.MeasureRequestHeaderLength(
                _protector.GetMaxSealedLength(_codec.Encode(state).Length), CookieName, attributesLength, _options.ChunkSize, out chunkCount);
            if (size <= _options.MaxCookieSize && chunkCount <= _options.MaxChunkCount)
            {
                return;
            }
        }

        throw Overflow(state, size, new KeyValuePair<string, int>(pendingKey, pendingValueLength));
    }

    /// <summary>Seals the state only to measure the cookies it would take now; writes nothing.</summary>
    public IReadOnlyList<RequestCookie> Measure(HttpContext context, SessionState state)
    {
        var sealedText = _protector.Seal(_codec.Encode(state));
        var attributesLength = CookieChunker.GetAttributesLength(_options.Cookie.Build(context));
        return CookieChunker.Split(sealedText, CookieName, attributesLength, _options.ChunkSize);
    }

    private SessionLoadResult Rejected(CookieStateRejectionReason reason, ChunkReadResult chunks, string? keyId)
    {
        CookieStateLog.CookieRejected(_logger, reason, keyId);
        _metrics.Rejected(reason);
        return new SessionLoadResult(null, reason, null, null, chunks, keyId, false);
    }

    private CookieStateOverflowException Overflow(SessionState state, int size, KeyValuePair<string, int>? pending = null)
    {
        var limit = _options.MaxCookieSize;
        var sizes = state.Entries.Select(e => new KeyValuePair<string, int>(e.Key, e.Value.Length));
        if (pending is { } entry)
        {
            sizes = sizes.Where(e => e.Key != entry.Key).Append(entry);
        }

        var largest = sizes.OrderByDescending(e => e.Value).Take(5).ToArray();
        var largestText = string.Join(", ", largest.Select(e => string.Create(CultureInfo.InvariantCulture, $"'{e.Key}' ({e.Value} bytes)")));
        var sessionId = SessionState.FormatId(state.Id);
        CookieStateLog.SessionOverflow(_logger, sessionId, size, limit, largestText);
        _metrics.Overflow();
        return new CookieStateOverflowException(
            size,
            limit,
            largest,
            $"The session state needs about {size} characters of cookies, over the CookieState budget of {limit} " +
            $"(CookieStateOptions.MaxCookieSize, at most {_options.MaxChunkCount} cookies of {_options.ChunkSize}). " +
            $"Largest keys: {largestText}. Keep less in the session, or raise the budget within what your front ends accept " +
            "(nginx and Apache reject a request header line over 8 KB by default).");
    }

    private void RemoveSetCookieHeaders(HttpResponse response)
    {
        var existing = response.Headers.SetCookie;
        if (existing.Count == 0)
        {
            return;
        }

        var kept = new List<string?>(existing.Count);
        foreach (var header in existing)
        {
            var nameEnd = header?.IndexOf('=') ?? -1;
            if (nameEnd < 0 || !CookieChunker.IsOwnCookie(header![..nameEnd], CookieName))
            {
                kept.Add(header);
            }
        }

        response.Headers.SetCookie = kept.ToArray();
    }
}
