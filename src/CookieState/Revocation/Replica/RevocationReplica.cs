using CookieState.Diagnostics;
using CookieState.Lifetime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieState.Revocation.Replica;

/// <summary>
/// Every live revocation in this node's memory, replicated from a durable log (<see cref="IRevocationLog"/>). Checks are
/// local lookups answered with completed tasks: no I/O on the request path. Records are applied here before the response
/// goes out, then appended to the log; one the log cannot take is retried until stored or expired. The replica keeps
/// enforcing what it holds whatever the log does; when it cannot vouch for a live session (loading, staler than
/// <see cref="CookieStateRevocationOptions.MaxStaleness"/>, over <see cref="CookieStateRevocationOptions.MaxEntries"/>) it
/// answers with <see cref="RevocationReplicaUnavailableException"/> and the gate applies the failure mode.
/// <see cref="SyncAsync"/> is driven by one caller at a time (<see cref="RevocationReplicaService"/>).
/// </summary>
internal sealed class RevocationReplica : ICookieStateRevocation
{
    private const int ReadBatch = 1000;
    private static readonly Task<bool> True = Task.FromResult(true);
    private static readonly Task<bool> False = Task.FromResult(false);

    private readonly IRevocationLog _log;
    private readonly RevocationTable _table = new();
    private readonly TimeSpan _retention;
    private readonly CookieStateRevocationOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly CookieStateMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Lock _pendingLock = new();
    private readonly List<PendingRecord> _pending = [];
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RevocationLogPosition _position;
    private string? _epoch;
    private long _engineOffsetMilliseconds;
    private long _freshAtMilliseconds = long.MinValue;
    private DateTimeOffset _nextTrim;
    private bool _reportedOverCapacity;

    public RevocationReplica(
        IRevocationLog log,
        SessionLifetime lifetime,
        IOptions<CookieStateRevocationOptions> options,
        TimeProvider timeProvider,
        CookieStateMetrics metrics,
        ILoggerFactory loggerFactory)
    {
        _log = log;

        // The longest life a refused cookie can still have, persistent sessions and MaxClockSkew included (one formula,
        // SessionLifetime.RevocationRetentionFor), counted on the engine's clock.
        _retention = lifetime.RevocationRetention;
        _options = options.Value;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = loggerFactory.CreateLogger(CookieStateDiagnostics.RevocationLogCategory);
        _metrics.ObserveRevocationReplica(() => _table.Count, () => Staleness.TotalSeconds, () => Unsent);
    }

    /// <summary>Completes once the live set has been read from the log the first time.</summary>
    public Task Loaded => _loaded.Task;

    public int Count => _table.Count;

    public int Unsent
    {
        get
        {
            lock (_pendingLock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>How long since this node last read the log through to its end; infinite before it ever did.</summary>
    public TimeSpan Staleness
    {
        get
        {
            var freshAt = Interlocked.Read(ref _freshAtMilliseconds);
            return freshAt == long.MinValue
                ? Timeout.InfiniteTimeSpan
                : TimeSpan.FromMilliseconds(_timeProvider.GetUtcNow().ToUnixTimeMilliseconds() - freshAt);
        }
    }

    public RevocationReplicaStatus Status
    {
        get
        {
            if (!_loaded.Task.IsCompleted)
            {
                return RevocationReplicaStatus.Loading;
            }

            if (_table.Count > _options.MaxEntries)
            {
                return RevocationReplicaStatus.OverCapacity;
            }

            return Staleness > _options.MaxStaleness ? RevocationReplicaStatus.Stale : RevocationReplicaStatus.Ready;
        }
    }

    /// <summary>Why the replica cannot vouch for live sessions, or null when it can.</summary>
    public string? UnavailableReason => Status switch
    {
        RevocationReplicaStatus.Loading => "The revocation replica is loading the live revocations from the log.",
        RevocationReplicaStatus.Stale => $"The revocation replica has not read the log for {Staleness.TotalSeconds:0.#} s, over MaxStaleness ({_options.MaxStaleness.TotalSeconds:0.#} s).",
        RevocationReplicaStatus.OverCapacity => $"The revocation replica holds {_table.Count} entries, over MaxEntries ({_options.MaxEntries}); none is evicted.",
        _ => null,
    };

    /// <summary>The engine's clock as this node estimates it from its last read.</summary>
    public DateTimeOffset EngineNow => _timeProvider.GetUtcNow().AddMilliseconds(Interlocked.Read(ref _engineOffsetMilliseconds));

    public Task RevokeAsync(string lineageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lineageId);
        RevocationLog.SessionRevocationRecorded(_logger, lineageId);
        return RecordAsync(RevocationKind.Session, RevocationKey.For(RevocationKind.Session, lineageId), cancellationToken);
    }

    public Task RevokeUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        RevocationLog.UserSessionsRevoked(_logger);
        return RecordAsync(RevocationKind.User, RevocationKey.For(RevocationKind.User, userId), cancellationToken);
    }

    public Task<bool> IsRevokedAsync(string lineageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lineageId);

        // What the replica holds is enforced in every state: only a "live" answer needs it to be complete.
        return _table.IsSessionRevoked(RevocationKey.For(RevocationKind.Session, lineageId), EngineNow.ToUnixTimeMilliseconds())
            ? True
            : LiveOrUnavailable();
    }

    public Task<bool> IsUserRevokedAsync(string userId, DateTimeOffset boundAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);

        // boundAt is the binding node's clock, revokedAt the engine's: a tie or an earlier bind counts as revoked.
        var revokedAt = _table.UserRevokedAt(RevocationKey.For(RevocationKind.User, userId), EngineNow.ToUnixTimeMilliseconds());
        return revokedAt is { } at && boundAt.ToUnixTimeMilliseconds() <= at ? True : LiveOrUnavailable();
    }

    private Task<bool> LiveOrUnavailable() =>
        UnavailableReason is { } reason ? Task.FromException<bool>(new RevocationReplicaUnavailableException(reason)) : False;

    private async Task RecordAsync(RevocationKind kind, RevocationKey key, CancellationToken cancellationToken)
    {
        var now = EngineNow;
        var local = new RevocationRecord(kind, key, now, now + _retention);
        _table.Apply(local);
        var pending = new PendingRecord(new RevocationAppend(kind, key, _retention, RevokedAt: now), local.ExpiresAt);
        try
        {
            // The first attempt takes the engine's clock for the revocation time; a retry keeps this node's estimate.
            var stored = await _log.AppendAsync(new RevocationAppend(kind, key, _retention), cancellationToken)
                .WaitAsync(_options.Timeout / 2, _timeProvider, cancellationToken);
            Stored(stored);
        }
        catch (Exception ex)
        {
            // Not the caller's failure: the record is enforced here already and goes out with the next flush.
            pending.Attempts = 1;
            lock (_pendingLock)
            {
                _pending.Add(pending);
            }

            _metrics.RevocationReplicaRetried();
            ReplicaLog.RecordQueued(_logger, kind, ex);
        }
    }

    private void Stored(RevocationRecord stored)
    {
        _table.Apply(stored);
        _metrics.RevocationReplicaRecorded();
    }

    /// <summary>
    /// One round: send what is unsent, read the log through to its end (re-appending every live entry when it lost its
    /// history), trim what expired. Throws when the log fails; the replica keeps what it has.
    /// </summary>
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        await TryFlushAsync(cancellationToken);
        while (true)
        {
            var read = await _log.ReadAsync(_position, ReadBatch, cancellationToken);
            Interlocked.Exchange(ref _engineOffsetMilliseconds,
                read.EngineNow.ToUnixTimeMilliseconds() - _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            // A node that recorded before its first read cannot tell which history its appends went to: it re-appends
            // them (a handful), as every node does when the epoch changed or the head went below what it applied.
            if ((_epoch is null ? _table.Count > 0 : !string.Equals(_epoch, read.Epoch, StringComparison.Ordinal))
                || (read.Head is { } head && head < _position))
            {
                Reseed(read.Epoch);
                await TryFlushAsync(cancellationToken);
                continue;
            }

            _epoch = read.Epoch;
            var loaded = _loaded.Task.IsCompleted;
            foreach (var record in read.Records)
            {
                if (record.ExpiresAt > read.EngineNow && _table.Apply(record) && loaded)
                {
                    _metrics.RevocationReplicaLag((read.EngineNow - record.RevokedAt).TotalSeconds);
                }
            }

            _position = read.Next;
            if (!read.HasMore)
            {
                break;
            }
        }

        Interlocked.Exchange(ref _freshAtMilliseconds, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        if (_loaded.TrySetResult())
        {
            ReplicaLog.Loaded(_logger, _table.Count);
        }

        ReportCapacity();
        await TrimAsync(cancellationToken);
    }

    private void Reseed(string epoch)
    {
        var live = _table.Live(EngineNow.ToUnixTimeMilliseconds());
        if (_epoch is not null)
        {
            ReplicaLog.HistoryLost(_logger, _epoch, epoch, live.Count);
        }

        lock (_pendingLock)
        {
            foreach (var record in live)
            {
                _pending.Add(new PendingRecord(
                    new RevocationAppend(record.Kind, record.Key, _retention, record.RevokedAt, record.ExpiresAt), record.ExpiresAt));
            }
        }

        _epoch = epoch;
        _position = RevocationLogPosition.Start;
    }

    /// <summary>
    /// A log that takes no appends may still be readable (a failover in progress): the round goes on to read, and what is
    /// unsent waits for the next one. The failure is counted as a retry.
    /// </summary>
    private async Task TryFlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Sends unsent records in order; stops at the first failure, leaving the rest for the next round.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            PendingRecord next;
            lock (_pendingLock)
            {
                if (_pending.Count == 0)
                {
                    return;
                }

                next = _pending[0];
            }

            if (next.ExpiresAt <= EngineNow)
            {
                Remove(next);
                continue;
            }

            try
            {
                Stored(await _log.AppendAsync(next.Append, cancellationToken).WaitAsync(_options.Timeout, _timeProvider, cancellationToken));
                Remove(next);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                next.Attempts++;
                _metrics.RevocationReplicaRetried();
                throw;
            }
        }
    }

    private void Remove(PendingRecord record)
    {
        lock (_pendingLock)
        {
            _pending.Remove(record);
        }
    }

    /// <summary>The last flush at shutdown: whatever stays unsent is lost with this process, and said so.</summary>
    public async Task FinalFlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            ReplicaLog.FinalFlushFailed(_logger, ex);
        }

        lock (_pendingLock)
        {
            foreach (var record in _pending)
            {
                ReplicaLog.RecordUnsent(_logger, record.Append.Kind, record.Append.Key.ToString(), record.ExpiresAt);
            }
        }
    }

    private async Task TrimAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        if (now < _nextTrim)
        {
            return;
        }

        // Expired entries refuse nothing (lookups compare expiry), so trimming is for memory only and need not be prompt.
        _nextTrim = now + TrimInterval;
        _table.Trim(EngineNow.ToUnixTimeMilliseconds());
        await _log.TrimAsync(cancellationToken);
    }

    /// <summary>How often expired entries are dropped from memory and from the log.</summary>
    public static TimeSpan TrimInterval => TimeSpan.FromMinutes(1);

    private void ReportCapacity()
    {
        var over = _table.Count > _options.MaxEntries;
        if (over && !_reportedOverCapacity)
        {
            ReplicaLog.OverCapacity(_logger, _table.Count, _options.MaxEntries);
        }

        _reportedOverCapacity = over;
    }
}
