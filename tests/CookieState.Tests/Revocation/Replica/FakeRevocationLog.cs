using CookieState.Revocation.Replica;

namespace CookieState.Tests.Revocation.Replica;

/// <summary>
/// An in-memory revocation log with the faults of real engines, switched by the test: appends whose commit is held back
/// (a later record becomes visible first, so readers stop below the oldest held one, as PostgreSQL's xmin rule does),
/// duplicate deliveries, trims on the engine's clock, history loss (a new epoch, positions restarting or not), outages.
/// Single-threaded, like the tests that drive it.
/// </summary>
internal sealed class FakeRevocationLog : IRevocationLog
{
    private readonly TimeProvider _clock;

    // Hosts call in from the replica's loop and from requests at once; property tests from one thread.
    private readonly Lock _lock = new();
    private readonly List<Entry> _entries = [];
    private readonly List<Action> _subscribers = [];
    private long _lastSeq;
    private int _epochs = 1;

    public FakeRevocationLog(TimeProvider clock, TimeSpan engineSkew = default)
    {
        _clock = clock;
        EngineSkew = engineSkew;
    }

    /// <summary>How far the engine's clock runs ahead of the nodes' (negative: behind).</summary>
    public TimeSpan EngineSkew { get; }

    public DateTimeOffset EngineNow => _clock.GetUtcNow() + EngineSkew;

    public bool Down { get; set; }

    /// <summary>Appends fail while reads answer, as during a failover to a read-only replica.</summary>
    public bool AppendsFail { get; set; }

    /// <summary>Appends made while set stay invisible to readers until <see cref="Commit"/>.</summary>
    public bool HoldBackCommits { get; set; }

    /// <summary>The next read also delivers this many records it delivered before.</summary>
    public int DuplicatesOnNextRead { get; set; }

    public string Epoch => "epoch-" + _epochs;

    /// <summary>Every record ever stored, lost or trimmed since or not: the test's oracle of expiries.</summary>
    public List<RevocationRecord> History { get; } = [];

    public int HeldBack => _entries.Count(e => !e.Visible);

    public IReadOnlyList<RevocationRecord> Visible
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries.Where(e => e.Visible).Select(e => e.Record)];
            }
        }
    }

    public int Reads { get; private set; }

    public Task<RevocationRecord> AppendAsync(RevocationAppend append, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (Down || AppendsFail)
            {
                return Task.FromException<RevocationRecord>(new InvalidOperationException("The fake log is down."));
            }

            var now = EngineNow;
            var record = new RevocationRecord(
                append.Kind, append.Key, append.RevokedAt ?? now, append.ExpiresAt ?? now + append.Retention, new RevocationLogPosition(++_lastSeq, 0));
            _entries.Add(new Entry(record, !HoldBackCommits));
            History.Add(record);
            foreach (var subscriber in _subscribers)
            {
                subscriber();
            }

            return Task.FromResult(record);
        }
    }

    public Task<RevocationLogRead> ReadAsync(RevocationLogPosition after, int maxRecords, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (Down)
            {
                return Task.FromException<RevocationLogRead>(new InvalidOperationException("The fake log is down."));
            }

            Reads++;
            var frontier = _entries.Where(e => !e.Visible).Select(e => e.Record.Position).DefaultIfEmpty(new RevocationLogPosition(long.MaxValue, 0)).Min();
            var pending = _entries.Where(e => e.Visible && e.Record.Position > after && e.Record.Position < frontier).Select(e => e.Record).ToList();
            var batch = pending.Take(maxRecords).ToList();
            var duplicates = _entries.Where(e => e.Visible && e.Record.Position <= after).Select(e => e.Record).TakeLast(DuplicatesOnNextRead).ToList();
            DuplicatesOnNextRead = 0;
            var next = batch.Count > 0 ? batch[^1].Position : after;
            return Task.FromResult(new RevocationLogRead(
                [.. duplicates, .. batch], next, pending.Count > batch.Count, Epoch, new RevocationLogPosition(_lastSeq, 0), EngineNow));
        }
    }

    public Task TrimAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (Down)
            {
                return Task.FromException(new InvalidOperationException("The fake log is down."));
            }

            var now = EngineNow;
            _entries.RemoveAll(e => e.Visible && e.Record.ExpiresAt <= now);
            return Task.CompletedTask;
        }
    }

    public Task<IAsyncDisposable> SubscribeAsync(Action onNotice, CancellationToken cancellationToken)
    {
        _subscribers.Add(onNotice);
        return Task.FromResult<IAsyncDisposable>(new Unsubscribe(() => _subscribers.Remove(onNotice)));
    }

    /// <summary>Makes one held-back append visible: the <paramref name="index"/>-th still held, modulo their number.</summary>
    public void Commit(int index)
    {
        lock (_lock)
        {
            var held = _entries.Where(e => !e.Visible).ToList();
            if (held.Count > 0)
            {
                held[index % held.Count].Visible = true;
            }
        }
    }

    public void CommitAll()
    {
        lock (_lock)
        {
            foreach (var entry in _entries)
            {
                entry.Visible = true;
            }
        }
    }

    /// <summary>The engine lost its history: a new epoch (the epoch key was lost too) and/or positions starting over.</summary>
    public void LoseHistory(bool newEpoch, bool positionsRestart)
    {
        lock (_lock)
        {
            _entries.Clear();
            if (newEpoch)
            {
                _epochs++;
            }

            if (positionsRestart)
            {
                _lastSeq = 0;
            }
        }
    }

    private sealed class Entry(RevocationRecord record, bool visible)
    {
        public RevocationRecord Record { get; } = record;

        public bool Visible { get; set; } = visible;
    }

    private sealed class Unsubscribe(Action action) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            action();
            return ValueTask.CompletedTask;
        }
    }
}
