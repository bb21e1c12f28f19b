using System.Diagnostics.CodeAnalysis;
using System.Text;
using CookieState.Diagnostics;
using CookieState.Persistence;
using CookieState.Protection;
using CookieState.Revocation;
using CookieState.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CookieState.Session;

/// <summary>
/// One request's <see cref="ISession"/>: a dictionary of byte values with case-sensitive keys, loaded from the request's
/// cookies on first use. It refuses a change that breaks a limit at the <c>Set</c> that made it, applies the lifecycle
/// operations classic ASP had (<c>Abandon</c>, a new id, a timeout of its own), and at commit decides whether the client
/// must get new cookies, lose its cookies, or nothing (<see cref="CommitDecision"/>).
/// </summary>
internal sealed class CookieStateSession : ISession, ICookieStateFeature
{
    private const string ResponseStartedMessage =
        "The session cannot be changed after the response has started: CookieState keeps the session in cookies, " +
        "which travel in the response headers that are already sent. Change the session before writing the body, " +
        "call ISession.CommitAsync() before writing, or set CookieStateOptions.BufferResponse = true.";

    private const string UnavailableMessage =
        "The session is unavailable for this request: the revocation store could not be checked (with " +
        "CookieStateRevocationOptions.FailureMode FailClosed), the Data Protection key ring could not be read, or the " +
        "request carried two valid sessions under the same cookie names (a cookie planted by another site). Nothing " +
        "was changed; the session works again once the store answers.";

    private readonly HttpContext _context;
    private readonly SessionServices _services;
    private readonly SessionEventQueue _events;

    private RequestCookies? _cookies;
    private SessionReadResult? _read;
    private SessionReadResult? _preloaded;
    private SessionHeader _header;
    private SessionEntries? _entries;
    private string? _id;
    private bool _isNew;
    private bool _headerChanged;
    private bool _unavailable;

    // Partitions: the id the request's cookies were sealed to (none for a new session), and the sets an earlier commit of
    // this request wrote, which a later commit must write again since it replaces what the earlier one prepared.
    private Guid? _loadedId;
    private bool _mainHeldKeys;
    private HashSet<string>? _written;

    private PendingCookies? _pending;
    private List<string>? _pendingRevocations;

    public CookieStateSession(HttpContext context, SessionServices services)
    {
        _context = context;
        _services = services;
        _events = new SessionEventQueue(services.Options, services.Logger);
    }

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

    public IEnumerable<string> Keys => LoadAll().Keys;

    /// <summary>The current time on the configured clock.</summary>
    public DateTimeOffset Now => _services.Lifetime.Now;

    /// <summary>Whether the request carried CookieState cookies, or anything posing as one of them.</summary>
    public bool CarriesCookies => !Cookies.IsEmpty;

    private RequestCookies Cookies => _cookies ??= _services.Reader.Parse(_context.Request);

    public bool TryGetValue(string key, [NotNullWhen(true)] out byte[]? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        return LoadFor(key).TryGetValue(key, out value);
    }

    public void Set(string key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        int keyLength;
        try
        {
            keyLength = StrictUtf8.Encoding.GetByteCount(key);
        }
        catch (EncoderFallbackException)
        {
            // A lone surrogate would be written as U+FFFD: two such keys would become one, and the state unreadable.
            throw new ArgumentException("The key is not valid Unicode text (it holds a lone surrogate).", nameof(key));
        }

        if (key == BinaryStateCodec.LegacyIdleTimeoutKey)
        {
            throw new ArgumentException(
                $"'{BinaryStateCodec.LegacyIdleTimeoutKey}' is reserved: use ISession.SetIdleTimeout to give a session its own timeout.", nameof(key));
        }

        if (key == SessionUser.LegacyKey)
        {
            throw new ArgumentException(
                $"'{SessionUser.LegacyKey}' is reserved: use ISession.BindUser to bind a session to a user.", nameof(key));
        }

        var maxKeyLength = _services.Options.MaxKeyLength;
        if (keyLength > maxKeyLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(key), $"The key is {keyLength} UTF-8 bytes long; CookieStateOptions.MaxKeyLength allows {maxKeyLength}.");
        }

        LoadFor(key);
        EnsureCanChange();
        var entries = _entries!;
        var previous = entries.Set(key, value.ToArray());
        try
        {
            // Refused here, where the app sees which Set broke the budget, rather than when the response starts.
            _services.Writer.EnsureFits(_context, _header, entries, key, value.Length, UnopenedLength());
        }
        catch
        {
            entries.Restore(key, previous);
            throw;
        }
    }

    public void Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var entries = LoadFor(key);
        if (entries.ContainsKey(key))
        {
            EnsureCanChange();
            entries.Remove(key);
        }
    }

    public void Clear()
    {
        var entries = LoadAll();
        if (entries.Count > 0)
        {
            EnsureCanChange();
            entries.Clear();
        }
    }

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Load();
        await _events.FlushAsync(_context);
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Commit();
        await FlushAsync();
    }

    /// <summary>
    /// Gives the session a new id and keeps its data, as one should at sign-in against session fixation. The lineage stays,
    /// so that <see cref="Abandon"/> still reaches copies taken under the earlier id; a session the client never received
    /// has no such copies, and starts its lineage with the new id.
    /// </summary>
    public void RegenerateId()
    {
        // Every set is sealed again to the new id: each must be open.
        LoadAll();
        EnsureCanChange();
        var newId = SessionHeader.NewId();
        CookieStateLog.SessionIdRegenerated(_services.Logger, Id, newId.ToString());
        _header = _header with { Id = newId, Lineage = _isNew ? newId : _header.LineageId };
        _id = null;
        _headerChanged = true;
    }

    /// <summary>
    /// Ends the session: its data is gone, its cookies are expired, its lineage is revoked (revocation on), and the next use
    /// starts a fresh id and lineage. Sign-out must hold when a store is down, so it never throws for that: a session that
    /// is unavailable (revocation store down with fail-closed, or key ring down) still has its cookies expired, and what can
    /// be recorded is (see <see cref="RevocationGate.RecordAsync"/> and <see cref="RevocationGate.RecordUnreadable"/>).
    /// </summary>
    public void Abandon()
    {
        Load();
        if (_context.Response.HasStarted)
        {
            throw new InvalidOperationException(ResponseStartedMessage);
        }

        if (_unavailable)
        {
            AbandonUnavailable();
            return;
        }

        if (!_isNew)
        {
            End(_header);
        }

        StartNewSession();
    }

    private void End(in SessionHeader header)
    {
        var id = header.FormatId();
        CookieStateLog.SessionAbandoned(_services.Logger, id);
        _services.Metrics.Ended(CookieStateEndReason.Abandoned);
        _events.EnqueueEnded(id, CookieStateEndReason.Abandoned);
        if (_services.Revocation.Enabled)
        {
            // Copies of the abandoned cookies stay valid until this reaches the store, at the next commit or request end.
            (_pendingRevocations ??= []).Add(header.FormatLineageId());
        }
    }

    private void AbandonUnavailable()
    {
        var read = _read!;
        if (read.Payload is { } payload)
        {
            // The revocation store is down but the cookies were opened: the lineage is known, and recording it is tried
            // like any other (a failure is logged and counted, never thrown).
            End(payload.Header);
        }
        else
        {
            _services.Revocation.RecordUnreadable();
        }

        // No longer "keep the client's cookies": the commit expires them.
        _read = read with { Outcome = ReadOutcome.Ended, Payload = null };
        _unavailable = false;
        StartNewSession();
    }

    /// <summary>Gives this session its own idle timeout, sealed with it so that every node enforces it.</summary>
    public void SetIdleTimeout(TimeSpan timeout)
    {
        _services.Lifetime.ValidateIdleTimeout(timeout);

        // Sealed as whole milliseconds: the same value set again must compare equal, and be no change.
        timeout = TimeSpan.FromMilliseconds(Math.Floor(timeout.TotalMilliseconds));
        EnsureCanChange();
        if (_header.IdleTimeout == timeout)
        {
            return;
        }

        var changed = _header with { IdleTimeout = timeout };
        _services.Writer.EnsureFits(_context, changed, _entries!, changedKey: null, changedLength: 0, UnopenedLength());
        _header = changed;
        _headerChanged = true;
        CookieStateLog.IdleTimeoutChanged(_services.Logger, Id, timeout);
    }

    /// <summary>
    /// Makes the session persistent ("remember me") with <paramref name="lifetime"/> as its sliding idle limit, its absolute
    /// limit <c>MaxPersistentLifetime</c> from now; or, with <see langword="null"/>, a browser-session session again under the
    /// configured limits, ending no later than it would have as a persistent one. Either way the id is regenerated (the
    /// lineage stays), as at any change of privilege.
    /// </summary>
    public void SetPersistent(TimeSpan? lifetime)
    {
        var lifetimeRules = _services.Lifetime;
        if (lifetime is { } requested)
        {
            lifetimeRules.ValidatePersistentLifetime(requested);
        }

        EnsureCanChange();
        SessionHeader changed;
        if (lifetime is { } value)
        {
            // Whole milliseconds, as sealed, so that what GetPersistentLifetime answers is what the next node reads.
            var now = DateTimeOffset.FromUnixTimeMilliseconds(Now.ToUnixTimeMilliseconds());
            changed = _header with { IdleTimeout = TimeSpan.FromMilliseconds(Math.Floor(value.TotalMilliseconds)), PersistentSince = now };
        }
        else
        {
            if (_header.PersistentSince is null)
            {
                return;
            }

            // Back under AbsoluteTimeout, counted so that the session ends no later than its persistent limit would have
            // ended it, and no later than AbsoluteTimeout from now: un-ticking "remember me" never lengthens a session.
            var absolute = _services.Options.AbsoluteTimeout;
            var end = lifetimeRules.AbsoluteExpiresAt(_header);
            var latest = Now + absolute;
            var createdAt = (end < latest ? end : latest) - absolute;
            changed = _header with
            {
                IdleTimeout = null,
                PersistentSince = null,
                CreatedAt = createdAt > _header.CreatedAt ? createdAt : _header.CreatedAt,
            };
        }

        _services.Writer.EnsureFits(_context, changed, _entries!, changedKey: null, changedLength: 0);
        _header = changed;
        RegenerateId();
        CookieStateLog.PersistenceChanged(_services.Logger, Id, lifetime);
    }

    /// <summary>A persistent session's lifetime (its sliding idle limit); <see langword="null"/> for any other session.</summary>
    public TimeSpan? GetPersistentLifetime()
    {
        Load();
        return _services.Lifetime.IsPersistent(_header) ? _services.Lifetime.EffectiveIdleTimeout(_header) : null;
    }

    /// <summary>
    /// Binds the session to a user, now, in the sealed header: no entry operation reaches the binding, and
    /// <see cref="ICookieStateRevocation.RevokeUserAsync"/> compares its time with the revocation's.
    /// </summary>
    public void BindUser(string userId)
    {
        try
        {
            StrictUtf8.Encoding.GetByteCount(userId);
        }
        catch (EncoderFallbackException)
        {
            throw new ArgumentException("The user id is not valid Unicode text (it holds a lone surrogate).", nameof(userId));
        }

        EnsureCanChange();
        var changed = _header with { User = new SessionUser(userId, DateTimeOffset.FromUnixTimeMilliseconds(Now.ToUnixTimeMilliseconds())) };
        _services.Writer.EnsureFits(_context, changed, _entries!, changedKey: null, changedLength: 0, UnopenedLength());
        _header = changed;
        _headerChanged = true;
    }

    /// <summary>The user the session is bound to, or <see langword="null"/>.</summary>
    public SessionUser? BoundUser
    {
        get
        {
            Load();
            return _header.User;
        }
    }

    /// <summary>The idle timeout in force for this session: its own, or the configured one.</summary>
    public TimeSpan GetIdleTimeout()
    {
        Load();
        return _services.Lifetime.EffectiveIdleTimeout(_header);
    }

    /// <summary>
    /// Makes <paramref name="payload"/>, a session brought over from the built-in session, this request's session. It is
    /// written at commit like a changed one, so the client leaves with its cookies even when the endpoint never uses it.
    /// </summary>
    public void Import(SessionPayload payload)
    {
        Apply(new SessionReadResult(ReadOutcome.Accepted, Cookies, payload));
        _headerChanged = true;
    }

    public CookieStateInfo Inspect()
    {
        var entries = LoadAll();
        var lifetime = _services.Lifetime;
        var (size, cookies) = _services.Writer.Measure(_context, lifetime.Reissue(_header), entries);
        return new CookieStateInfo
        {
            SessionId = Id,
            LineageId = _header.FormatLineageId(),
            BoundUserId = _header.User?.UserId,
            BoundAt = _header.User?.BoundAt,
            IsNew = _isNew,
            CreatedAt = _header.CreatedAt,
            IssuedAt = _header.IssuedAt,
            IdleTimeout = lifetime.EffectiveIdleTimeout(_header),
            HasOwnIdleTimeout = _header.IdleTimeout is not null,
            IdleExpiresAt = lifetime.IdleExpiresAt(_header),
            AbsoluteExpiresAt = lifetime.AbsoluteExpiresAt(_header),
            PersistentSince = lifetime.IsPersistent(_header) ? _header.PersistentSince : null,
            RequestCookies = _read is null ? [] : _services.Reader.Describe(_read.Cookies),
            CurrentCookies = cookies,
            CurrentSize = size,
            MaxCookieSize = _services.Options.MaxCookieSize,
            Format = _read?.Format,
            WriteFormat = _services.Writer.Format.Kind,
            KeyId = _read?.KeyId,
            SealedWithOldKey = _read?.SealedWithOldKey ?? false,
            Rejection = _read?.Rejection,
            EndReason = _read?.EndReason,
            IsAvailable = !_unavailable,
        };
    }

    /// <summary>
    /// With revocation on, reads the session ahead of the endpoint and asks the store about it, so that the synchronous
    /// <see cref="ISession"/> calls that follow see a revoked session as ended. A revoked session is applied at once (its
    /// cookies are expired even if the endpoint never touches the session); any other outcome waits for first use.
    /// </summary>
    /// <summary>
    /// Before the endpoint: when the session cookie names a Data Protection key this node has not loaded, awaits its lookup
    /// (at most the pickup's <c>ReloadTimeout</c>; concurrent requests await the same one), so that no thread blocks on it
    /// when the session is read. A lookup still running then makes the session unavailable, not empty.
    /// </summary>
    public async Task AwaitKeyPickupAsync()
    {
        if (_entries is not null || _preloaded is not null || !_services.Reader.MayCarry(_context.Request))
        {
            return;
        }

        if (_services.Reader.PickUpUnknownKey(Cookies, _context.RequestAborted) is { } pickup)
        {
            await pickup;
        }
    }

    public async Task PreloadAsync()
    {
        if (!_services.Revocation.Enabled || _entries is not null || _preloaded is not null || !_services.Reader.MayCarry(_context.Request))
        {
            return;
        }

        var read = _services.Reader.Read(Cookies);
        if (read.Payload is { } payload)
        {
            switch (await _services.Revocation.CheckAsync(payload, _context.RequestAborted))
            {
                case RevocationCheck.Revoked:
                    Apply(read.Revoked());
                    return;
                case RevocationCheck.Unavailable:
                    ApplyUnavailable(read);
                    return;
            }
        }

        _preloaded = read;
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
        _pending?.Emit(_context.Response);

        // Again here: an exception handler that re-executed the pipeline cleared the headers set at load.
        if (_entries is not null)
        {
            SessionWriter.VaryByCookie(_context.Response);
        }

        await FlushAsync();
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

    private SessionEntries Load()
    {
        if (_entries is null)
        {
            var read = _preloaded ?? _services.Reader.Read(Cookies);
            _preloaded = null;
            Apply(read);

            // Said now, not when the response starts: a response cache decides what to vary by before that.
            if (!_context.Response.HasStarted)
            {
                SessionWriter.VaryByCookie(_context.Response);
            }
        }

        return _entries!;
    }

    /// <summary>Loads the session and opens the partition <paramref name="key"/> lives in, if it waits unopened.</summary>
    private SessionEntries LoadFor(string key)
    {
        var entries = Load();
        if (_read?.Content is { Pending.Count: > 0 } && _services.Layout.HomeOf(key) is { } set)
        {
            OpenPending(set);
        }

        return entries;
    }

    /// <summary>Loads the session with every partition open: <c>Keys</c>, <c>Clear()</c>, a new id.</summary>
    private SessionEntries LoadAll()
    {
        var entries = Load();
        while (_read?.Content is { Pending.Count: > 0 } content && !_unavailable)
        {
            OpenPending(content.Pending[0].Set);
        }

        return entries;
    }

    private void OpenPending(string set)
    {
        var content = _read!.Content!;
        var entries = _entries!;
        var rejected = content.Rejected.Count;
        var outcome = _services.Reader.OpenPending(content, set, entries.ContainsKey, entries.Merge);
        if (outcome == ReadOutcome.Unavailable)
        {
            // The key ring cannot open this partition: as for the main set, no decision, nothing changed or expired.
            _unavailable = true;
        }

        for (var index = rejected; index < content.Rejected.Count; index++)
        {
            _events.EnqueueRejected(content.Rejected[index].Reason, content.Rejected[index].Set);
        }
    }

    /// <summary>The characters of the partitions not opened yet: the budget counts them as the client holds them.</summary>
    private int UnopenedLength()
    {
        var length = 0;
        foreach (var set in _read?.Content?.Pending ?? [])
        {
            length += 2 + set.Cookies.HeaderLength;
        }

        return length;
    }

    private void EnsureCanChange()
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

    /// <summary>
    /// Decides what the client must hold after this response, and prepares those cookies. They are emitted once, when the
    /// response starts; a later commit in the same request replaces what an earlier one prepared.
    /// </summary>
    private void Commit()
    {
        if (_entries is not { } entries || _unavailable)
        {
            return;
        }

        var lifetime = _services.Lifetime;
        var partitioned = _services.Layout.IsEnabled || _read is { Cookies.ContentSets.Count: > 0 };
        var refreshDue = !_isNew && lifetime.IsRefreshDue(_header);
        var action = CommitDecision.Decide(
            isNew: _isNew,
            changed: _headerChanged || entries.HasChanges || (partitioned && NeedsTidying()),
            hasContent: entries.Count > 0 || _header.IdleTimeout is not null || _header.User is not null || _header.PersistentSince is not null,
            refreshDue: refreshDue,
            requestHadCookies: _read is { Cookies.Chunks: not 0 } || (partitioned && _read is { Cookies.ContentSets.Count: > 0 }),
            keepClientCookies: _read?.KeepCookies ?? false,
            requestHadDuplicates: _read?.Cookies.HasDuplicates ?? false,
            responseStarted: _context.Response.HasStarted);
        switch (action)
        {
            case CommitAction.None:
                return;
            case CommitAction.Expire:
                _pending = partitioned ? ExpireSets() : _services.Writer.PrepareExpire(_context, _read!.Cookies.Chunks);
                return;
            case CommitAction.RefreshTooLate:
                CookieStateLog.RefreshSkipped(_services.Logger, Id, "the response had already started");
                return;
        }

        var refreshing = action == CommitAction.Refresh;
        var header = lifetime.Reissue(_header);
        int count, size;
        try
        {
            // Planted duplicates cannot be told from the genuine cookies by name: delete none, overwrite only.
            var requestChunks = _read is { Cookies.HasDuplicates: false } ? _read.Cookies.Chunks : 0;
            _pending = partitioned
                ? PrepareSets(header, entries, refreshing || refreshDue, out count, out size)
                : _services.Writer.Prepare(_context, header, entries, requestChunks, out count, out size);
        }
        catch (CookieStateOverflowException) when (refreshing)
        {
            // A state that fit when it was written but not under today's limits (lowered, compression turned off): the
            // cookie the client holds stays valid until it expires; no page fails for a refresh.
            CookieStateLog.RefreshSkipped(_services.Logger, Id, "it no longer fits the configured cookie limits");
            return;
        }

        _header = header;
        _headerChanged = false;
        entries.AcceptChanges();

        // Causal order, as the built-in session logs it: a new session is started, then committed.
        if (_isNew)
        {
            _isNew = false;
            CookieStateLog.SessionStarted(_services.Logger, Id);
            _services.Metrics.Started();
            _events.EnqueueStarted(Id);
        }

        if (_services.Logger.IsEnabled(LogLevel.Debug))
        {
            CookieStateLog.SessionCommitted(_services.Logger, Id, count, size);
            if (refreshing)
            {
                CookieStateLog.SessionRefreshed(_services.Logger, Id);
            }
        }

        _services.Metrics.Committed(size);
        if (refreshing)
        {
            _services.Metrics.Refreshed();
        }
    }

    private void Apply(SessionReadResult read)
    {
        if (read.Outcome == ReadOutcome.Unavailable)
        {
            ApplyUnavailable(read);
            return;
        }

        _read = read;
        if (read.Rejection is { } rejection)
        {
            _events.EnqueueRejected(rejection);
        }

        foreach (var (set, reason) in read.Content?.Rejected ?? [])
        {
            _events.EnqueueRejected(reason, set);
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
            _loadedId = payload.Header.Id;
            _mainHeldKeys = read.Content is { } content ? content.MainKeys.Count > 0 : payload.Entries.Count > 0;
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
        _services.Reader.MayCarry(_context.Request)
        && !SessionWriter.IsCacheable(_context)
        && _services.Reader.IsRefreshHintDue(Cookies);

    /// <summary>
    /// Whether the request's cookie sets must be rewritten even though nothing changed: a content set was refused, a key was
    /// held twice, or a key sits in a set this node's configuration does not put it in (nodes that disagree about
    /// partitions during a rolling deploy). Moving it now, in one response, is what keeps a sequence of requests from
    /// losing or duplicating it.
    /// </summary>
    private bool NeedsTidying()
    {
        if (_read is not { Payload: not null } read)
        {
            return false;
        }

        var layout = _services.Layout;
        var content = read.Content;
        if (!layout.IsEnabled)
        {
            return read.Cookies.ContentSets.Count > 0;
        }

        if (content is null)
        {
            // The one-set layout, written before partitions were configured (or by a node without them).
            return _mainHeldKeys;
        }

        if (content.Rejected.Count > 0 || content.HasShadowedCopies || content.MainKeys.Count > 0)
        {
            return true;
        }

        foreach (var (set, keys) in content.SetKeys)
        {
            foreach (var key in keys)
            {
                if (layout.HomeOf(key) != set)
                {
                    return true;
                }
            }
        }

        foreach (var set in read.Cookies.ContentSets)
        {
            if (!content.SetKeys.ContainsKey(set.Set) && !content.Rejected.Exists(r => r.Set == set.Set) && !content.Pending.Contains(set))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Expires every cookie set the request carried (the lifetime set and all content sets) it can tell apart.</summary>
    private PendingCookies ExpireSets() => _services.Writer.PrepareExpireAll(_context, _read!.Cookies);

    /// <summary>
    /// Writes the sets of a partitioned session that must change; see <see cref="SessionWriter.PrepareSets"/>. When
    /// <c>slide</c> (the sliding refresh is due) the lifetime set is rewritten too, also by a request that changed only a
    /// partition: otherwise a session used only by such writes would never slide.
    /// </summary>
    private PendingCookies PrepareSets(in SessionHeader header, SessionEntries entries, bool slide, out int count, out int size)
    {
        var identityChanged = _loadedId != header.Id;
        if (identityChanged)
        {
            LoadAll();
        }

        var mainMustWrite = identityChanged || slide || _headerChanged || _mainHeldKeys;
        var pending = _services.Writer.PrepareSets(
            _context, header, entries, _read?.Cookies, _read?.Content, identityChanged, mainMustWrite, _written ??= [], out count, out size);
        return pending;
    }
}
