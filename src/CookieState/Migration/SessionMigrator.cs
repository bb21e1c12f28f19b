using System.Globalization;
using System.Text;
using CookieState.Cookies;
using CookieState.Diagnostics;
using CookieState.KeyPickup;
using CookieState.Lifetime;
using CookieState.Persistence;
using CookieState.Revocation;
using CookieState.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieState.Migration;

/// <summary>
/// Migration mode: a request that carries the built-in session cookie and no CookieState cookie gets its built-in session
/// imported, once, before the endpoint runs. Work per request is bounded: one header scan when the old cookie is absent;
/// otherwise one unprotect of at most 1 KB, two cache reads (the session, and the tombstone of an earlier import), with
/// revocation on the revocation check under the session's id, and after an import one cache removal (or, when the entry
/// stays, one tombstone write on the first import). Registered only by <c>AddCookieStateMigration()</c>: without it nothing here exists, and no request pays for it.
/// </summary>
internal sealed class SessionMigrator
{
    private readonly CookieStateMigrationOptions _options;
    private readonly string _cookieName;
    private readonly BuiltInSessionCookie _cookie;
    private readonly BuiltInSessionStore _store;
    private readonly SessionWriter _writer;
    private readonly SessionLifetime _lifetime;
    private readonly RevocationGate _revocation;
    private readonly CookieStateMetrics _metrics;
    private readonly ILogger _logger;
    private readonly int _maxKeyLength;
    private readonly LogRateLimiter _logLimiter;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _oversizedLock = new();

    // Sessions found too large, by session key: a copy of such a cookie replayed on every request costs no cache read and
    // no size check until the memory forgets it. Bounded, so forged keys cannot grow it.
    private readonly UnknownKeyIdCache _oversized = new(OversizedMemoryCapacity, OversizedMemoryLifetime);

    private const int OversizedMemoryCapacity = 1024;
    private static readonly TimeSpan OversizedMemoryLifetime = TimeSpan.FromMinutes(10);

    public SessionMigrator(
        IOptions<CookieStateMigrationOptions> options,
        IOptions<CookieStateOptions> cookieStateOptions,
        BuiltInSessionCookie cookie,
        BuiltInSessionStore store,
        SessionWriter writer,
        SessionLifetime lifetime,
        RevocationGate revocation,
        CookieStateMetrics metrics,
        ILoggerFactory loggerFactory,
        LogRateLimiter logLimiter,
        TimeProvider timeProvider)
    {
        _revocation = revocation;
        _logLimiter = logLimiter;
        _timeProvider = timeProvider;
        _options = options.Value;
        _cookieName = _options.Cookie.Name!;
        _cookie = cookie;
        _store = store;
        _writer = writer;
        _lifetime = lifetime;
        _metrics = metrics;
        _maxKeyLength = cookieStateOptions.Value.MaxKeyLength;
        _logger = loggerFactory.CreateLogger(CookieStateDiagnostics.MigrationLogCategory);
    }

    public BuiltInSessionStore Store => _store;

    /// <summary>Whether the request may carry the built-in session's cookie: a header scan, no parsing, no cryptography.</summary>
    public bool MayCarryOldCookie(HttpRequest request) => RequestCookieParser.MayCarry(request, _cookieName);

    /// <summary>
    /// The built-in session the request's old cookie names, ready to become the request's session, or
    /// <see langword="null"/> when there is none to import (a CookieState cookie already, nothing found, too large, or a
    /// failure, each logged and counted). Call it only when <see cref="MayCarryOldCookie"/> says so.
    /// </summary>
    public async Task<SessionPayload?> MigrateAsync(HttpContext context, bool carriesCookieState)
    {
        // A CookieState session, even a broken one, wins: the client has moved over already.
        if (carriesCookieState)
        {
            return null;
        }

        // Read as the built-in middleware reads it: Request.Cookies, URL-decoded.
        var value = context.Request.Cookies[_cookieName];
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (_cookie.TryUnprotect(value, out var problem) is not { } sessionKey)
        {
            // Left in place: a key ring or application name set up wrongly must not cost every user their session. What the
            // client sent is not worth a stack trace.
            if (_logLimiter.TryAcquire(CookieStateEventIds.MigrationCookieRejected, problem, out var suppressed))
            {
                MigrationLog.CookieRejected(_logger, problem, suppressed);
            }

            Count(MigrationOutcome.Rejected);
            return null;
        }

        // The built-in session's keys are GUID strings; anything else cannot have been remembered.
        var remembered = Guid.TryParse(sessionKey, out var sessionGuid);
        if (remembered)
        {
            lock (_oversizedLock)
            {
                remembered = _oversized.Contains(sessionGuid, _timeProvider.GetUtcNow());
            }
        }

        if (remembered)
        {
            ExpireOldCookie(context);
            Count(MigrationOutcome.Oversized);
            return null;
        }

        BuiltInSession old;
        try
        {
            old = await _store.LoadAsync(sessionKey, _options.Timeout, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            MigrationLog.StoreFailed(_logger, ex);
            Count(MigrationOutcome.Failed);
            return null;
        }

        if (old.Entries.Count == 0)
        {
            ExpireOldCookie(context);
            MigrationLog.SessionNotFound(_logger);
            Count(MigrationOutcome.Empty);
            return null;
        }

        // A session keeps its ISession.Id, which is also its lineage; the session key, the old cookie's secret, goes no
        // further. The built-in session never recorded when it began: its absolute timeout counts from its first import,
        // which a tombstone keeps, so that replaying the old cookie never restarts it.
        var sessionId = old.Id.ToString();
        DateTimeOffset? firstImport;
        try
        {
            firstImport = await _store.GetFirstImportAsync(old.Id, _options.Timeout, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            MigrationLog.StoreFailed(_logger, ex);
            Count(MigrationOutcome.Failed);
            return null;
        }

        var now = _lifetime.Now;
        var payload = new SessionPayload(new SessionHeader(old.Id, firstImport ?? now, now, IdleTimeout: null), old.Entries);
        if (_lifetime.Evaluate(payload.Header) == LifetimeVerdict.AbsoluteExpired)
        {
            await RefuseAsync(context, sessionKey, sessionId, "it reached its absolute timeout, counted from its first import");
            Count(MigrationOutcome.Expired);
            return null;
        }

        // Every import is checked, not only the first: an import skips the request's own check, which only reads cookies.
        switch (await _revocation.CheckAsync(payload, context.RequestAborted))
        {
            case RevocationCheck.Revoked:
                await RefuseAsync(context, sessionKey, sessionId, "it was revoked");
                Count(MigrationOutcome.Revoked);
                return null;
            case RevocationCheck.Unavailable:
                // Fail-closed and the store is down (logged by the gate): left for the next request, as a cache failure.
                Count(MigrationOutcome.Failed);
                return null;
        }

        if (!Fits(context, payload, old))
        {
            if (Guid.TryParse(sessionKey, out var oversized))
            {
                lock (_oversizedLock)
                {
                    _oversized.Add(oversized, _timeProvider.GetUtcNow());
                }
            }

            ExpireOldCookie(context);
            Count(MigrationOutcome.Oversized);
            return null;
        }

        ExpireOldCookie(context);
        var cacheEntry = "is kept (RemoveImportedSessions is off)";
        var removed = false;
        if (_options.RemoveImportedSessions)
        {
            cacheEntry = "is removed";
            try
            {
                await _store.RemoveAsync(sessionKey, _options.Timeout);
                removed = true;
            }
            catch (Exception ex)
            {
                cacheEntry = "could not be removed";
                MigrationLog.EntryNotRemoved(_logger, sessionId, ex);
            }
        }

        // Only an entry that stays can be imported again; a removed one needs no tombstone.
        if (firstImport is null && !removed)
        {
            try
            {
                // As long as a revocation recorded for this session can live: it ends within the absolute timeout of the
                // first import, and a revocation lives an absolute timeout from when it was recorded.
                await _store.SetFirstImportAsync(old.Id, now, _lifetime.RevocationRetention * 2, _options.Timeout);
            }
            catch (Exception ex)
            {
                MigrationLog.FirstImportNotRecorded(_logger, sessionId, ex);
            }
        }

        MigrationLog.SessionMigrated(_logger, sessionId, old.Entries.Count, old.Size, cacheEntry);
        Count(MigrationOutcome.Imported);
        return payload;
    }

    private void Count(MigrationOutcome outcome) => _metrics.Migrated(outcome.ToString());

    /// <summary>
    /// A session that must not come back: the old cookie is expired and its cache entry removed whatever
    /// <see cref="CookieStateMigrationOptions.RemoveImportedSessions"/> says, so that no later replay finds it.
    /// </summary>
    private async Task RefuseAsync(HttpContext context, string sessionKey, string sessionId, string reason)
    {
        ExpireOldCookie(context);
        var cacheEntry = "is removed";
        try
        {
            await _store.RemoveAsync(sessionKey, _options.Timeout);
        }
        catch (Exception)
        {
            // Said in the refusal's log; a copy can only reach the import again, which refuses it again.
            cacheEntry = "could not be removed";
        }

        MigrationLog.SessionRefused(_logger, sessionId, reason, cacheEntry);
    }

    /// <summary>Whether the session passes every limit a <c>Set</c> would check; reports the one it breaks, whole, if not.</summary>
    private bool Fits(HttpContext context, SessionPayload payload, BuiltInSession old)
    {
        var sessionId = old.Id.ToString();
        foreach (var key in payload.Entries.Keys)
        {
            var keyLength = Encoding.UTF8.GetByteCount(key);
            if (keyLength > _maxKeyLength)
            {
                if (_logLimiter.TryAcquire(CookieStateEventIds.MigrationSessionTooLarge, string.Empty, out var suppressedKeys))
                {
                    MigrationLog.SessionTooLarge(
                        _logger, sessionId, old.Entries.Count, old.Size, "MaxKeyLength", keyLength, _maxKeyLength, Quote(key, keyLength), suppressedKeys);
                }

                return false;
            }
        }

        try
        {
            var entries = new SessionEntries(payload.Entries, _writer.Format.Codec);
            _writer.EnsureFits(context, payload.Header, entries, changedKey: null, changedLength: 0);
            return true;
        }
        catch (CookieStateOverflowException ex)
        {
            if (_logLimiter.TryAcquire(CookieStateEventIds.MigrationSessionTooLarge, string.Empty, out var suppressed))
            {
                var largest = string.Join(", ", ex.LargestKeys.Select(e => Quote(e.Key, e.Value)));
                MigrationLog.SessionTooLarge(
                    _logger, sessionId, old.Entries.Count, old.Size, ex.LimitKind?.ToString() ?? "size", ex.TotalSize, ex.Limit, largest, suppressed);
            }

            return false;
        }
    }

    private void ExpireOldCookie(HttpContext context)
    {
        context.Response.Cookies.Delete(_cookieName, _options.Cookie.Build(context));

        // A shared cache must not replay this deletion to other users.
        ResponseCaching.ForbidStoring(context.Response);
    }

    private static string Quote(string key, int bytes) => string.Create(CultureInfo.InvariantCulture, $"'{key}' ({bytes} bytes)");
}
