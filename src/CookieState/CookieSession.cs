using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CookieState;

/// <summary>
/// The <see cref="ISession"/> of one request. Loads lazily on first use, keeps changes in memory, and writes them back as
/// cookies when the response starts (or on <see cref="CommitAsync"/>) only if something a client must see changed.
/// </summary>
internal sealed class CookieSession : ISession, ICookieStateFeature
{
    private const string ResponseStartedMessage =
        "The session cannot be changed after the response has started: CookieState keeps the session in cookies, " +
        "which travel in the response headers that are already sent. Change the session before writing the body, " +
        "call ISession.CommitAsync() before writing, or set CookieStateOptions.BufferResponse = true.";

    private readonly HttpContext _context;
    private readonly SessionCookieStore _store;
    private readonly CookieStateEventDispatcher _events;
    private readonly ILogger _logger;
    private readonly DistributedCacheSessionRevocation? _revocation;

    private SessionState? _state;
    private SessionLoadResult? _preloaded;
    private List<(string SessionId, DateTimeOffset ExpiresAt)>? _pendingRevocations;
    private SessionLoadResult _loadResult;
    private string? _sessionId;
    private bool _isNew;
    private int _serializedSize;
    private byte[]? _committedFingerprint;
    private bool _changed;
    private bool _idRegenerated;

    // The cookie names the client holds or will hold after this response: what a later write may have to expire.
    private readonly HashSet<string> _clientCookieNames = new(StringComparer.Ordinal);
    private bool _expireClientCookies;
    private bool _wroteThisRequest;

    public CookieSession(
        HttpContext context,
        SessionCookieStore store,
        CookieStateEventDispatcher events,
        ILogger logger,
        DistributedCacheSessionRevocation? revocation = null)
    {
        _context = context;
        _store = store;
        _events = events;
        _logger = logger;
        _revocation = revocation;
    }

    /// <summary>The lifecycle events this session has queued.</summary>
    internal CookieStateEventDispatcher Events => _events;

    /// <summary>The current time on the configured clock.</summary>
    internal DateTimeOffset Now => _store.TimeProvider.GetUtcNow();

    public bool IsAvailable
    {
        get
        {
            Load();
            return true;
        }
    }

    public string Id
    {
        get
        {
            var state = Load();
            return _sessionId ??= SessionState.FormatId(state.Id);
        }
    }

    public IEnumerable<string> Keys => Load().Entries.Keys;

    private CookieStateOptions Options => _store.Options;

    public bool TryGetValue(string key, [NotNullWhen(true)] out byte[]? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Load().Entries.TryGetValue(key, out value);
    }

    public void Set(string key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        EnsureResponseNotStarted();
        var state = Load();

        var keyLength = System.Text.Encoding.UTF8.GetByteCount(key);
        if (keyLength > Options.MaxKeyLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(key), $"The key is {keyLength} UTF-8 bytes long; CookieStateOptions.MaxKeyLength allows {Options.MaxKeyLength}.");
        }

        var existed = state.Entries.TryGetValue(key, out var previous);
        if (!existed && state.Entries.Count >= Options.MaxKeyCount)
        {
            throw new CookieStateOverflowException(
                state.Entries.Count + 1,
                Options.MaxKeyCount,
                [],
                $"The session already holds {state.Entries.Count} keys, the most CookieStateOptions.MaxKeyCount allows.");
        }

        var newSize = _serializedSize + SessionStateSerializer.GetEntrySize(key, value.Length)
            - (existed ? SessionStateSerializer.GetEntrySize(key, previous!.Length) : 0)
            + (existed ? 0 : VarInt.Length(state.Entries.Count + 1) - VarInt.Length(state.Entries.Count));

        // Refuse here, where the app can see which Set broke the budget, rather than when the response starts.
        // The entry goes in first so that a compressed measure sees it, and comes out again if it does not fit.
        BeforeChange(state);
        state.Entries[key] = value.ToArray();
        try
        {
            _store.EnsureFits(_context, state, newSize, key, value.Length);
        }
        catch
        {
            if (existed)
            {
                state.Entries[key] = previous!;
            }
            else
            {
                state.Entries.Remove(key);
            }

            throw;
        }

        _serializedSize = newSize;
    }

    public void Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var state = Load();
        if (state.Entries.TryGetValue(key, out var value))
        {
            EnsureResponseNotStarted();
            BeforeChange(state);
            state.Entries.Remove(key);
            _serializedSize -= SessionStateSerializer.GetEntrySize(key, value.Length);
        }
    }

    public void Clear()
    {
        var state = Load();
        if (state.Entries.Count > 0)
        {
            EnsureResponseNotStarted();
            BeforeChange(state);
            state.Entries.Clear();
            _serializedSize = SessionStateSerializer.GetSerializedSize(state);
        }
    }

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        Load();
        await _events.FlushAsync(_context);
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        Commit(fromOnStarting: false);
        await FlushRevocationsAsync(cancellationToken);
        await _events.FlushAsync(_context);
    }

    /// <summary>Runs in <c>Response.OnStarting</c>.</summary>
    public async Task CommitOnStartingAsync()
    {
        Commit(fromOnStarting: true);
        await FlushRevocationsAsync(_context.RequestAborted);
        await _events.FlushAsync(_context);
    }

    /// <summary>
    /// With revocation on, loads the session ahead of the endpoint and checks it against the cache, so that the synchronous
    /// <see cref="ISession"/> calls that follow see a revoked session as ended. A revoked session is applied at once (its
    /// cookies are expired even if the endpoint never touches the session); any other outcome waits for first use.
    /// </summary>
    internal async Task PreloadAsync(CancellationToken cancellationToken)
    {
        if (_revocation is null || _state is not null || _preloaded is not null)
        {
            return;
        }

        var result = _store.Load(_context);
        if (result.State is { } state && await _revocation.IsRevokedAsync(state, cancellationToken))
        {
            var id = SessionState.FormatId(state.Id);
            CookieStateLog.SessionRevoked(_logger, id);
            _store.Metrics.Ended(CookieStateEndReason.Revoked);
            Apply(result with { State = null, EndReason = CookieStateEndReason.Revoked, EndedSessionId = id });
            return;
        }

        _preloaded = result;
    }

    /// <summary>Writes the revocations recorded by <see cref="Abandon"/> to the cache.</summary>
    internal async Task FlushRevocationsAsync(CancellationToken cancellationToken)
    {
        while (_revocation is not null && _pendingRevocations is { Count: > 0 })
        {
            var (sessionId, expiresAt) = _pendingRevocations[0];
            _pendingRevocations.RemoveAt(0);
            await _revocation.RecordAsync(sessionId, expiresAt, cancellationToken);
        }
    }

    /// <summary>Gives the session a new id and keeps its data, as one should at sign-in against session fixation.</summary>
    public void RegenerateId()
    {
        EnsureResponseNotStarted();
        var state = Load();
        var newId = SessionState.NewId();
        CookieStateLog.SessionIdRegenerated(_logger, Id, SessionState.FormatId(newId));
        state.Id = newId;
        _sessionId = null;
        _idRegenerated = true;
    }

    /// <summary>Ends the session: its data is gone, its cookies are expired, and the next use starts a fresh id.</summary>
    public void Abandon()
    {
        EnsureResponseNotStarted();
        var state = Load();
        if (!_isNew)
        {
            var id = Id;
            CookieStateLog.SessionAbandoned(_logger, id);
            _store.Metrics.Ended(CookieStateEndReason.Abandoned);
            _events.EnqueueEnded(id, CookieStateEndReason.Abandoned);
            if (_revocation is not null)
            {
                // Copies of the abandoned cookies stay valid until this reaches the cache, at the next commit or request end.
                (_pendingRevocations ??= []).Add((id, state.CreatedAt + Options.AbsoluteTimeout));
            }
        }

        StartNewSession();
    }

    public CookieStateInfo Inspect()
    {
        var state = Load();
        var current = _store.Measure(_context, state);
        return new CookieStateInfo
        {
            SessionId = Id,
            IsNew = _isNew,
            CreatedAt = state.CreatedAt,
            IssuedAt = state.IssuedAt,
            IdleExpiresAt = state.IssuedAt + Options.IdleTimeout,
            AbsoluteExpiresAt = state.CreatedAt + Options.AbsoluteTimeout,
            RequestCookies = _loadResult.Chunks.Cookies.Select(c => new CookieStateCookie(c.Name, c.Value.Length)).ToArray(),
            CurrentCookies = current.Select(c => new CookieStateCookie(c.Name, c.Value.Length)).ToArray(),
            CurrentSize = CookieChunker.GetRequestHeaderLength(current),
            MaxCookieSize = Options.MaxCookieSize,
            KeyId = _loadResult.KeyId,
            SealedWithOldKey = _loadResult.SealedWithOldKey,
            Rejection = _loadResult.Rejection,
            EndReason = _loadResult.EndReason,
        };
    }

    private SessionState Load()
    {
        if (_state is not null)
        {
            return _state;
        }

        var result = _preloaded ?? _store.Load(_context);
        _preloaded = null;
        Apply(result);
        return _state!;
    }

    private void Apply(SessionLoadResult result)
    {
        _loadResult = result;
        foreach (var cookie in _loadResult.Chunks.Cookies)
        {
            _clientCookieNames.Add(cookie.Name);
        }

        if (_loadResult.Rejection is { } rejection)
        {
            _events.EnqueueRejected(rejection);
        }

        if (_loadResult.EndReason is { } endReason)
        {
            _events.EnqueueEnded(_loadResult.EndedSessionId!, endReason);
        }

        if (_loadResult.State is { } state)
        {
            _state = state;
            _isNew = false;
            _serializedSize = SessionStateSerializer.GetSerializedSize(state);
        }
        else
        {
            StartNewSession();
        }
    }

    /// <summary>
    /// Remembers what the client holds before the first change, so that a commit can tell a real change from a value set
    /// back to what it was. Read-only requests never pay for it.
    /// </summary>
    private void BeforeChange(SessionState state)
    {
        if (!_changed)
        {
            _committedFingerprint = _isNew ? null : Fingerprint(state);
            _changed = true;
        }
    }

    private void StartNewSession()
    {
        _state = SessionState.CreateNew(_store.TimeProvider.GetUtcNow());
        _sessionId = null;
        _isNew = true;
        _idRegenerated = false;
        _committedFingerprint = null;
        _changed = false;
        _serializedSize = SessionStateSerializer.GetSerializedSize(_state);

        // Whatever the client holds (rejected, expired or abandoned) must go unless a new write replaces it.
        _expireClientCookies = _clientCookieNames.Count > 0;
    }

    private void Commit(bool fromOnStarting)
    {
        if (_state is not { } state)
        {
            return;
        }

        var now = _store.TimeProvider.GetUtcNow();
        bool mustWrite;
        var refreshing = false;
        if (_isNew)
        {
            mustWrite = state.Entries.Count > 0;
        }
        else
        {
            refreshing = now - state.IssuedAt >= Options.IdleTimeout * Options.RefreshThreshold;
            mustWrite = _idRegenerated || refreshing || (_changed && !Fingerprint(state).AsSpan().SequenceEqual(_committedFingerprint));
        }

        if (!mustWrite)
        {
            if (_expireClientCookies)
            {
                ExpireClientCookies(fromOnStarting);
            }

            return;
        }

        if (_context.Response.HasStarted)
        {
            // Only a read-only session whose refresh fell due can get here: changes already threw in EnsureResponseNotStarted.
            CookieStateLog.RefreshSkipped(_logger, Id);
            return;
        }

        var previousIssuedAt = state.IssuedAt;
        state.IssuedAt = now;
        IReadOnlyList<RequestCookie> written;
        try
        {
            written = _store.Save(_context, state, _clientCookieNames, replaceEarlierWrites: _wroteThisRequest);
        }
        catch
        {
            state.IssuedAt = previousIssuedAt;
            throw;
        }

        _wroteThisRequest = true;
        _expireClientCookies = false;
        foreach (var cookie in written)
        {
            _clientCookieNames.Add(cookie.Name);
        }

        // What was just written is what the client holds now; a later commit compares against it only after a new change.
        _committedFingerprint = null;
        _changed = false;
        _idRegenerated = false;
        if (_isNew)
        {
            _isNew = false;
            CookieStateLog.SessionStarted(_logger, Id);
            _store.Metrics.Started();
            _events.EnqueueStarted(Id);
        }
        else if (refreshing)
        {
            CookieStateLog.SessionRefreshed(_logger, Id);
        }
    }

    private void ExpireClientCookies(bool fromOnStarting)
    {
        if (_context.Response.HasStarted && !fromOnStarting)
        {
            return;
        }

        _store.Expire(_context, _clientCookieNames, replaceEarlierWrites: _wroteThisRequest);
        _expireClientCookies = false;
        _wroteThisRequest = true;
    }

    private void EnsureResponseNotStarted()
    {
        if (_context.Response.HasStarted)
        {
            throw new InvalidOperationException(ResponseStartedMessage);
        }
    }

    /// <summary>The serialized state without its issue time: equal fingerprints mean nothing a client must see changed.</summary>
    private static byte[] Fingerprint(SessionState state)
    {
        var issuedAt = state.IssuedAt;
        state.IssuedAt = state.CreatedAt;
        try
        {
            return SessionStateSerializer.Serialize(state);
        }
        finally
        {
            state.IssuedAt = issuedAt;
        }
    }
}
