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
    private readonly PartitionLayout _layout;

    // What a content set's candidate result carries as its cookies: never looked at, the main set's are what count.
    private static readonly RequestCookies EmptyCookies = new(new SessionCookieSet(1));

    public SessionReader(
        CookieNames names,
        PartitionLayout layout,
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
        _layout = layout;
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

        // The key id sits in the first characters of the sealed text, which the first cookie holds whole or as the start of
        // its first chunk; only a first chunk too short to hold it (a hostile one) costs a join, so that the reader never
        // meets a key id whose lookup was not started.
        Guid keyId;
        if (!TryGetTextStart(cookies.Set, out var start) || !TryPeekKeyId(start, out keyId))
        {
            using var joined = ChunkJoiner.Join(cookies.Set);
            if (joined.Rejection is not null || joined.Count == 0 || !TryPeekKeyId(joined[0].Text.Span, out keyId))
            {
                return null;
            }
        }

        return _keyRing.PickUpIfUnknown(keyId, cancellationToken);
    }

    private bool TryPeekKeyId(ReadOnlySpan<char> text, out Guid keyId)
    {
        keyId = default;
        return _formats.Find(text) is { } format
            && _formats.Reads(format)
            && format.Sealer.TryPeekDataProtectionKeyId(text, out keyId);
    }

    /// <summary>Finds this request's CookieState cookies without reading anything they hold.</summary>
    public RequestCookies Parse(HttpRequest request)
    {
        var headers = request.Headers.Cookie;
        var main = RequestCookieParser.Parse(headers, _names, _maxCookieSize);
        if (RequestCookieParser.FindSets(headers, _names.BaseName, PartitionLayout.MaxSetsRead) is not { } sets)
        {
            return new(main);
        }

        var content = new ContentSetCookies[sets.Count];
        for (var index = 0; index < sets.Count; index++)
        {
            var names = _layout.NamesOf(sets[index]);
            content[index] = new ContentSetCookies(sets[index], RequestCookieParser.Parse(headers, names, _maxCookieSize), names);
        }

        return new(main, content);
    }

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
        if (set.Rejection is null && set.Contains(1) && set.HasDuplicates)
        {
            // Which hint is the genuine one only opening tells: open, and let the sealed time decide.
            return true;
        }

        return TryGetTextStart(set, out var value)
            && _formats.Find(value) is { } format
            && format.Sealer.TryReadRefreshAfter(value, out var refreshAfter)
            && _lifetime.Now >= refreshAfter;
    }

    /// <summary>The beginning of the sealed text as the first cookie carries it, bare or as the first chunk's data.</summary>
    private static bool TryGetTextStart(SessionCookieSet set, out ReadOnlySpan<char> start)
    {
        start = default;
        if (set.Rejection is not null || !set.Contains(1))
        {
            return false;
        }

        start = set[1].Span;
        return !ChunkHeader.IsChunked(start) || ChunkHeader.TryParse(start, out _, out _, out start);
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

        if (joined.Count == 1)
        {
            return ReadContent(Report(ReadCandidate(cookies, joined[0])));
        }

        // Our names came more than once (cookie tossing): the candidate that authenticates wins, whatever its position. A
        // failing one is junk; two that pass are two sessions, and choosing either could hand the victim the planter's.
        SessionReadResult? accepted = null, failed = null;
        for (var index = 0; index < joined.Count; index++)
        {
            var result = ReadCandidate(cookies, joined[index]);
            if (result.Outcome == ReadOutcome.Accepted)
            {
                if (accepted is not null)
                {
                    if (_logLimiter.TryAcquire(CookieStateEventIds.AmbiguousSessionCookies, string.Empty, out var suppressed))
                    {
                        CookieStateLog.AmbiguousSessionCookies(_logger, joined.Count, suppressed);
                    }

                    _metrics.Rejected(CookieStateRejectionReason.ChunkMismatch);
                    return new SessionReadResult(ReadOutcome.Unavailable, cookies);
                }

                accepted = result;
            }
            else if (failed is null || result.Outcome == ReadOutcome.Unavailable)
            {
                // A key ring that is down may be hiding the genuine session: keep it unavailable rather than rejected.
                failed = result;
            }
        }

        return ReadContent(Report(accepted ?? failed!));
    }

    /// <summary>
    /// Opens the content sets of a partitioned session beside its accepted main set and merges their entries into it. A set
    /// sealed to another session id or another partition is refused (never mixed in); of two sets holding one key, the
    /// newer seal wins. The sets of partitions this node configures wait in <see cref="ContentRead.Pending"/> until a key of
    /// theirs is used (<see cref="OpenPending"/>): they hold no other key. A set this node cannot open for want of a key
    /// leaves the whole session unavailable, so nothing in it is lost.
    /// </summary>
    private SessionReadResult ReadContent(SessionReadResult main)
    {
        var sets = main.Cookies.ContentSets;
        if (sets.Count == 0 || main.Payload is not { } payload)
        {
            return main;
        }

        var content = new ContentRead(payload.Header.Id, payload.Header.IssuedAt);
        content.MainKeys.AddRange(payload.Entries.Keys);
        var opened = new List<(string Set, SessionPayload Payload)>(sets.Count);
        foreach (var set in sets)
        {
            if (_layout.IsLazy(set.Set))
            {
                content.Pending.Add(set);
                continue;
            }

            var outcome = Open(set, content, out var setPayload, out var keyId);
            if (outcome == ReadOutcome.Unavailable)
            {
                return Report(new SessionReadResult(ReadOutcome.Unavailable, main.Cookies, KeyId: keyId));
            }

            if (outcome == ReadOutcome.Accepted)
            {
                opened.Add((set.Set, setPayload!));
            }
        }

        // Older seals first, so that a newer copy of a key (a parallel race, a move between nodes) overwrites an older one.
        foreach (var (set, setPayload) in opened.OrderBy(o => o.Payload.Header.IssuedAt))
        {
            Merge(content, set, setPayload, payload.Entries.ContainsKey, (key, value) => payload.Entries[key] = value);
        }

        return main with { Content = content };
    }

    /// <summary>
    /// Opens the pending set <paramref name="set"/> of <paramref name="content"/> and hands each entry that stands (the newer
    /// seal of a key held twice) to <paramref name="add"/>. Returns <see cref="ReadOutcome.Unavailable"/> when the key ring
    /// is down; a refused set is recorded in <see cref="ContentRead.Rejected"/>, logged and counted.
    /// </summary>
    public ReadOutcome OpenPending(ContentRead content, string set, Func<string, bool> contains, Action<string, byte[]> add)
    {
        var index = content.Pending.FindIndex(p => p.Set == set);
        if (index < 0)
        {
            return ReadOutcome.None;
        }

        var cookies = content.Pending[index];
        content.Pending.RemoveAt(index);
        var outcome = Open(cookies, content, out var payload, out _);
        if (outcome == ReadOutcome.Accepted)
        {
            Merge(content, set, payload!, contains, add);
        }

        return outcome;
    }

    private ReadOutcome Open(ContentSetCookies set, ContentRead content, out SessionPayload? payload, out string? keyId)
    {
        var (outcome, opened, rejection, id) = ReadSet(set, content.SessionId);
        payload = opened;
        keyId = id;
        switch (outcome)
        {
            case ReadOutcome.Unavailable:
                if (_logLimiter.TryAcquire(CookieStateEventIds.KeyRingUnavailable, string.Empty, out var unavailableSuppressed))
                {
                    CookieStateLog.KeyRingUnavailable(_logger, keyId, unavailableSuppressed);
                }

                break;
            case ReadOutcome.Rejected:
                // Client input, like any rejected cookie: one line per reason per interval, every one counted.
                if (_logLimiter.TryAcquire(CookieStateEventIds.PartitionRejected, rejection!.Value.ToString(), out var suppressed))
                {
                    CookieStateLog.PartitionRejected(_logger, set.Set, rejection.Value, keyId, suppressed);
                }

                _metrics.Rejected(rejection.Value);
                content.Rejected.Add((set.Set, rejection.Value));
                break;
        }

        return outcome;
    }

    private static void Merge(ContentRead content, string set, SessionPayload payload, Func<string, bool> contains, Action<string, byte[]> add)
    {
        content.SetKeys[set] = [.. payload.Entries.Keys];
        foreach (var (key, value) in payload.Entries)
        {
            if (contains(key))
            {
                var heldSince = content.Origins.TryGetValue(key, out var origin) ? content.SealedAt[origin] : content.MainSealedAt;
                content.HasShadowedCopies = true;
                if (payload.Header.IssuedAt < heldSince)
                {
                    continue;
                }
            }

            add(key, value);
            content.Origins[key] = set;
        }

        content.SealedAt[set] = payload.Header.IssuedAt;
    }

    /// <summary>Reads one content set: the candidate that opens, names this set and is sealed to <paramref name="sessionId"/>.</summary>
    private (ReadOutcome Outcome, SessionPayload? Payload, CookieStateRejectionReason? Rejection, string? KeyId) ReadSet(ContentSetCookies set, Guid sessionId)
    {
        using var joined = ChunkJoiner.Join(set.Cookies);
        if (joined.Rejection is { } joinRejection)
        {
            return (ReadOutcome.Rejected, null, joinRejection, null);
        }

        SessionPayload? accepted = null;
        (ReadOutcome Outcome, CookieStateRejectionReason? Rejection, string? KeyId) failed = (ReadOutcome.Rejected, CookieStateRejectionReason.Malformed, null);
        var marker = PartitionLayout.Marker(set.Set);
        for (var index = 0; index < joined.Count; index++)
        {
            var result = ReadCandidate(EmptyCookies, joined[index], content: true);
            if (result.Outcome == ReadOutcome.Accepted)
            {
                var candidate = result.Payload!;
                if (candidate.Header.Id != sessionId
                    || !candidate.Entries.Remove(PartitionLayout.MarkerKey, out var sealedMarker)
                    || !sealedMarker.AsSpan().SequenceEqual(marker))
                {
                    // Sealed to another session (one planted, or from before RegenerateId) or renamed from another set.
                    failed = (ReadOutcome.Rejected, CookieStateRejectionReason.PartitionMismatch, result.KeyId);
                    continue;
                }

                if (accepted is null || candidate.Header.IssuedAt > accepted.Header.IssuedAt)
                {
                    accepted = candidate;
                }
            }
            else if (failed.Outcome != ReadOutcome.Unavailable)
            {
                failed = (result.Outcome, result.Rejection, result.KeyId);
            }
        }

        return accepted is not null
            ? (ReadOutcome.Accepted, accepted, null, null)
            : (failed.Outcome == ReadOutcome.Unavailable ? ReadOutcome.Unavailable : ReadOutcome.Rejected, null, failed.Rejection ?? CookieStateRejectionReason.Tampered, failed.KeyId);
    }

    /// <summary>
    /// Identifies, opens, decodes and judges one candidate text, with no log, metric or event: which result stands is for
    /// <see cref="Read"/> to decide, and only that one is reported.
    /// </summary>
    private SessionReadResult ReadCandidate(RequestCookies cookies, in ChunkCandidate candidate, bool content = false)
    {
        // 2. Which format, with the tag its content has.
        if (Identify(candidate, _formats, out var identified) is { } rejection)
        {
            return new SessionReadResult(ReadOutcome.Rejected, cookies, Rejection: rejection);
        }

        var format = identified!;

        // 3. Open and decode.
        SessionPayload payload;
        string? keyId;
        bool sealedWithOldKey;
        using (var opened = format.Sealer.Open(candidate.Text.Span))
        {
            keyId = opened.KeyId;
            switch (opened.Outcome)
            {
                case ReadOutcome.Unavailable:
                    return new SessionReadResult(ReadOutcome.Unavailable, cookies, KeyId: keyId);
                case not ReadOutcome.Accepted:
                    return new SessionReadResult(ReadOutcome.Rejected, cookies, Rejection: opened.Rejection ?? CookieStateRejectionReason.Tampered, KeyId: keyId);
            }

            sealedWithOldKey = opened.SealedWithOldKey;
            try
            {
                payload = format.Decode(opened.Plaintext);
            }
            catch (SessionStateFormatException ex)
            {
                return new SessionReadResult(ReadOutcome.Rejected, cookies, Rejection: ex.Reason, KeyId: keyId);
            }
        }

        // A content set carries no lifetime of its own (the main set's decides), and the main set holds no content set's marker.
        if (content)
        {
            return new SessionReadResult(ReadOutcome.Accepted, cookies, payload, KeyId: keyId, Format: format.Kind);
        }

        if (payload.Entries.ContainsKey(PartitionLayout.MarkerKey))
        {
            return new SessionReadResult(ReadOutcome.Rejected, cookies, Rejection: CookieStateRejectionReason.PartitionMismatch, KeyId: keyId);
        }

        // 4. The lifetime.
        return _lifetime.Evaluate(payload.Header) switch
        {
            LifetimeVerdict.IssuedInFuture => new SessionReadResult(ReadOutcome.Rejected, cookies, Rejection: CookieStateRejectionReason.IssuedInFuture, KeyId: keyId),
            LifetimeVerdict.IdleExpired => Ended(CookieStateEndReason.IdleTimeout),
            LifetimeVerdict.AbsoluteExpired => Ended(CookieStateEndReason.AbsoluteTimeout),
            _ => new SessionReadResult(ReadOutcome.Accepted, cookies, payload, KeyId: keyId, SealedWithOldKey: sealedWithOldKey, Format: format.Kind),
        };

        SessionReadResult Ended(CookieStateEndReason reason) =>
            new(ReadOutcome.Ended, cookies, EndReason: reason, EndedSessionId: payload.Header.FormatId(), KeyId: keyId, Format: format.Kind);
    }

    /// <summary>Logs and counts the result that stands.</summary>
    private SessionReadResult Report(SessionReadResult result)
    {
        switch (result.Outcome)
        {
            case ReadOutcome.Unavailable:
                if (_logLimiter.TryAcquire(CookieStateEventIds.KeyRingUnavailable, string.Empty, out var suppressed))
                {
                    CookieStateLog.KeyRingUnavailable(_logger, result.KeyId, suppressed);
                }

                break;
            case ReadOutcome.Rejected:
                LogRejected(result.Rejection!.Value, result.KeyId);
                break;
            case ReadOutcome.Ended:
                CookieStateLog.SessionExpired(_logger, result.EndedSessionId!, result.EndReason!.Value);
                _metrics.Ended(result.EndReason.Value);
                break;
            case ReadOutcome.Accepted:
                if (result.SealedWithOldKey)
                {
                    CookieStateLog.SealedWithOldKey(_logger, result.KeyId);
                }

                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    CookieStateLog.SessionLoaded(_logger, result.Payload!.Header.FormatId(), result.Cookies.Set.Count, result.Cookies.Set.HeaderLength);
                }

                _metrics.Loaded();
                break;
        }

        return result;
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
        return Identify(candidate, formats, out format);
    }

    /// <summary>The check of <see cref="Identify(in JoinedChunks, SessionFormats, out SessionFormat?, out ReadOnlyMemory{char})"/> for one candidate.</summary>
    internal static CookieStateRejectionReason? Identify(in ChunkCandidate candidate, SessionFormats formats, out SessionFormat? format)
    {
        var sealedText = candidate.Text;
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
        LogRejected(reason, keyId);
        return new SessionReadResult(ReadOutcome.Rejected, cookies, Rejection: reason, KeyId: keyId);
    }

    private void LogRejected(CookieStateRejectionReason reason, string? keyId)
    {
        // Anyone can send bad cookies on every request: one line per reason per interval, every one counted in the metrics.
        if (_logLimiter.TryAcquire(CookieStateEventIds.CookieRejected, reason.ToString(), out var suppressed))
        {
            CookieStateLog.CookieRejected(_logger, reason, keyId, suppressed);
        }

        _metrics.Rejected(reason);
    }
}
