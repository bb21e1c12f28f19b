using CookieState.Cookies;
using CookieState.Format;
using CookieState.Events;
using CookieState.Revocation;
using CookieState.Store;
using Microsoft.AspNetCore.Http;

namespace CookieState.Session;

/// <summary>
/// One request's session: loads it from the request's cookies on first use, applies the lifecycle operations, and at
/// commit decides whether the client must get new cookies, lose its cookies, or nothing. The <see cref="ISession"/> the
/// app sees is <see cref="Session"/>; this type is the host it asks.
/// </summary>
internal sealed partial class RequestSession : ISessionHost, ICookieStateFeature
{
    private const string ResponseStartedMessage =
        "The session cannot be changed after the response has started: CookieState keeps the session in cookies, " +
        "which travel in the response headers that are already sent. Change the session before writing the body, " +
        "call ISession.CommitAsync() before writing, or set CookieStateOptions.BufferResponse = true.";

    private const string UnavailableMessage =
        "The session is unavailable for this request: the revocation store could not be checked (with " +
        "CookieStateRevocationOptions.FailureMode FailClosed), or the Data Protection key ring could not be read. Nothing " +
        "was changed; the session works again once the store answers.";

    private readonly HttpContext _context;
    private readonly SessionServices _services;
    private readonly SessionEventQueue _events;

    private SessionCookieSet? _cookies;
    private SessionReadResult? _read;
    private SessionReadResult? _preloaded;
    private SessionHeader _header;
    private SessionEntries? _entries;
    private string? _id;
    private bool _isNew;
    private bool _headerChanged;
    private bool _unavailable;

    private PreparedCookies? _pending;
    private List<string>? _pendingRevocations;

    public RequestSession(HttpContext context, SessionServices services)
    {
        _context = context;
        _services = services;
        _events = new SessionEventQueue(services.Options, services.Logger);
        Session = new CookieSession(this, services.Options.MaxKeyLength);
    }

    public CookieSession Session { get; }

    public bool IsAvailable
    {
        get
        {
            Load();
            return !_unavailable;
        }
    }

    public string Id
    {
        get
        {
            Load();
            return _id ??= _header.FormatId();
        }
    }

    /// <summary>The current time on the configured clock.</summary>
    public DateTimeOffset Now => _services.Lifetime.Now;

    private SessionCookieSet Cookies => _cookies ??= _services.Reader.ParseCookies(_context.Request);

    // The chunks the request carried: what a write that uses fewer, or an ended session, must expire. Every read of this
    // request parses the same cookie set, so the last one answers.
    private ulong RequestChunks => _read?.Cookies.Present ?? 0;

    // A transient failure (unknown key, key ring down) must not cost the client cookies a later request may read.
    private bool KeepClientCookies => _read?.KeepCookies ?? false;

    public SessionEntries Load()
    {
        if (_entries is null)
        {
            var read = _preloaded ?? _services.Reader.Read(Cookies);
            _preloaded = null;
            Apply(read);

            // Said now, not when the response starts: a response cache decides what to vary by before that.
            if (!_context.Response.HasStarted)
            {
                ResponseCaching.VaryByCookie(_context.Response);
            }
        }

        return _entries!;
    }

    public void EnsureCanChange()
    {
        Load();
        if (_unavailable)
        {
            throw new CookieStateUnavailableException(UnavailableMessage);
        }

        if (_context.Response.HasStarted)
        {
            throw new InvalidOperationException(ResponseStartedMessage);
        }
    }

    public void EnsureFits(SessionEntries entries, string changedKey, int changedLength) =>
        _services.Writer.EnsureFits(_context, _header, entries, changedKey, changedLength);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Load();
        await _events.FlushAsync(_context);
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Commit();
        await FlushAsync();
    }

    /// <summary>Runs in <c>Response.OnStarting</c>: the last moment cookies can be set, and the one moment they are.</summary>
    public async Task OnStartingAsync()
    {
        // A session read before the endpoint (revocation) is applied even if the endpoint never used it, so that its
        // events fire and ended cookies go. Otherwise, sliding on a request that never used the session: one open, and a
        // re-sealed cookie only if really due.
        if (_entries is null && (_preloaded is not null || (_services.Options.RefreshUntouchedSessions && IsRefreshOfUntouchedSessionDue())))
        {
            Load();
        }

        Commit();
        if (_pending is { } cookies)
        {
            ResponseCookieWriter.Emit(_context.Response, cookies);
        }

        // Again here: an exception handler that re-executed the pipeline cleared the headers set at load.
        if (_entries is not null)
        {
            ResponseCaching.VaryByCookie(_context.Response);
        }

        await FlushAsync();
    }

    /// <summary>
    /// With revocation on, reads the session ahead of the endpoint and asks the store about it, so that the synchronous
    /// <see cref="ISession"/> calls that follow see a revoked session as ended. A revoked session is applied at once (its
    /// cookies are expired even if the endpoint never touches the session); any other outcome waits for first use.
    /// </summary>
    public async Task PreloadAsync()
    {
        if (!_services.Revocation.Enabled || _entries is not null || _preloaded is not null
            || !RequestCookieParser.MayCarry(_context.Request, _services.Reader.Names))
        {
            return;
        }

        var read = _services.Reader.Read(Cookies);
        if (read.Payload is { } payload)
        {
            switch (await _services.Revocation.CheckAsync(payload, _context.RequestAborted))
            {
                case RevocationCheck.Revoked:
                    Apply(read with { Payload = null, EndReason = CookieStateEndReason.Revoked, EndedSessionId = payload.Header.FormatId() });
                    return;
                case RevocationCheck.Unavailable:
                    ApplyUnavailable(read);
                    return;
            }
        }

        _preloaded = read;
    }

    /// <summary>Raises queued events and records queued revocations: the asynchronous work synchronous calls left behind.</summary>
    public async Task FlushAsync()
    {
        while (_pendingRevocations is { Count: > 0 })
        {
            var sessionId = _pendingRevocations[0];
            _pendingRevocations.RemoveAt(0);
            await _services.Revocation.RecordAsync(sessionId);
        }

        await _events.FlushAsync(_context);
    }

    private void Apply(SessionReadResult read)
    {
        if (read.KeyRingUnavailable)
        {
            ApplyUnavailable(read);
            return;
        }

        _read = read;
        if (read.Rejection is { } rejection)
        {
            _events.EnqueueRejected(rejection);
        }

        if (read.EndReason is { } endReason)
        {
            _events.EnqueueEnded(read.EndedSessionId!, endReason);
        }

        if (read.Payload is { } payload)
        {
            _header = payload.Header;
            _entries = new SessionEntries(payload.Entries, _services.Writer.Format.Codec);
            _id = null;
            _isNew = false;
        }
        else
        {
            StartNewSession();
        }
    }

    /// <summary>
    /// Fail-closed (revocation store down) or key ring down: an empty session that can neither change nor touch the
    /// client's cookies, which work again once the store answers.
    /// </summary>
    private void ApplyUnavailable(SessionReadResult read)
    {
        _read = read;
        _unavailable = true;
        _header = SessionHeader.New(Now);
        _entries = SessionEntries.Empty(_services.Writer.Format.Codec);
        _isNew = true;
    }

    private void StartNewSession()
    {
        _header = SessionHeader.New(Now);
        _entries = SessionEntries.Empty(_services.Writer.Format.Codec);
        _id = null;
        _isNew = true;
        _headerChanged = false;
    }

    private bool IsRefreshOfUntouchedSessionDue() =>
        RequestCookieParser.MayCarry(_context.Request, _services.Reader.Names)
        && !ResponseCaching.IsCacheable(_context)
        && _services.Reader.IsRefreshHintDue(Cookies);
}
