using System.Diagnostics.Metrics;

namespace CookieState.Diagnostics;

/// <summary>Instruments under the meter <see cref="CookieStateDiagnostics.MeterName"/>.</summary>
internal sealed class CookieStateMetrics
{
    private readonly Counter<long> _started;
    private readonly Counter<long> _loaded;
    private readonly Counter<long> _committed;
    private readonly Counter<long> _refreshed;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _ended;
    private readonly Counter<long> _overflows;
    private readonly Counter<long> _revocationFailures;
    private readonly Counter<long> _dataKeysCreated;
    private readonly Counter<long> _dataKeysUnwrapped;
    private readonly Histogram<int> _cookieSize;
    private readonly Counter<long> _migrations;
    private readonly Meter _meter;
    private readonly Counter<long> _replicaRecords;
    private readonly Counter<long> _replicaRetries;
    private readonly Histogram<double> _replicaLag;

    public CookieStateMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(CookieStateDiagnostics.MeterName);
        _meter = meter;
        _started = meter.CreateCounter<long>("cookiestate.sessions.started", "{session}", "New sessions written to the client.");
        _loaded = meter.CreateCounter<long>("cookiestate.sessions.loaded", "{session}", "Sessions read back from cookies.");
        _committed = meter.CreateCounter<long>("cookiestate.sessions.committed", "{session}", "Session cookies written.");
        _refreshed = meter.CreateCounter<long>("cookiestate.sessions.refreshed", "{session}", "Session cookies re-issued only to slide the idle timeout.");
        _rejected = meter.CreateCounter<long>("cookiestate.cookies.rejected", "{request}", "Requests whose session cookies were rejected.");
        _ended = meter.CreateCounter<long>("cookiestate.sessions.ended", "{session}", "Sessions abandoned, revoked or found expired.");
        _overflows = meter.CreateCounter<long>("cookiestate.sessions.overflows", "{session}", "Changes or commits refused for exceeding a limit.");
        _revocationFailures = meter.CreateCounter<long>("cookiestate.revocation.failures", "{request}", "Revocation checks or records the store failed.");
        _dataKeysCreated = meter.CreateCounter<long>("cookiestate.datakeys.created", "{key}", "Envelope data keys this node created.");
        _dataKeysUnwrapped = meter.CreateCounter<long>("cookiestate.datakeys.unwrapped", "{key}", "Envelope data keys this node unwrapped with Data Protection.");
        _cookieSize = meter.CreateHistogram<int>("cookiestate.cookies.size", "By", "Characters the session cookies take in the Cookie header.");
        _migrations = meter.CreateCounter<long>(
            "cookiestate.migration.sessions", "{session}", "Built-in session cookies handled in migration mode, by outcome.");
        _replicaRecords = meter.CreateCounter<long>(
            "cookiestate.revocation.replica.records", "{record}", "Revocations this node stored in the revocation log.");
        _replicaRetries = meter.CreateCounter<long>(
            "cookiestate.revocation.replica.retries", "{attempt}", "Appends to the revocation log that failed and will be retried.");
        _replicaLag = meter.CreateHistogram<double>(
            "cookiestate.revocation.replica.lag", "s", "From a revocation's time in the log to its arrival in this node's replica.");
    }

    public void Started() => _started.Add(1);

    public void Loaded() => _loaded.Add(1);

    public void Committed(int size)
    {
        _committed.Add(1);
        _cookieSize.Record(size);
    }

    public void Refreshed() => _refreshed.Add(1);

    public void Rejected(CookieStateRejectionReason reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));

    public void Ended(CookieStateEndReason reason) => _ended.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));

    public void Overflow(CookieStateLimit limit) => _overflows.Add(1, new KeyValuePair<string, object?>("limit", limit.ToString()));

    public void RevocationFailed(string operation) => _revocationFailures.Add(1, new KeyValuePair<string, object?>("operation", operation));

    public void DataKeyCreated() => _dataKeysCreated.Add(1);

    public void DataKeyUnwrapped() => _dataKeysUnwrapped.Add(1);

    public void Migrated(string outcome) => _migrations.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void RevocationReplicaRecorded() => _replicaRecords.Add(1);

    public void RevocationReplicaRetried() => _replicaRetries.Add(1);

    public void RevocationReplicaLag(double seconds) => _replicaLag.Record(Math.Max(0, seconds));

    /// <summary>The replica's gauges, read when a listener collects: entries held, seconds since caught up, records unsent.</summary>
    public void ObserveRevocationReplica(Func<int> entries, Func<double> stalenessSeconds, Func<int> unsent)
    {
        _meter.CreateObservableGauge("cookiestate.revocation.replica.entries", entries, "{entry}", "Live revocations held in this node's replica.");
        _meter.CreateObservableGauge("cookiestate.revocation.replica.staleness", () =>
        {
            var seconds = stalenessSeconds();
            return double.IsFinite(seconds) && seconds >= 0 ? seconds : double.MaxValue;
        }, "s", "Seconds since this node's replica last read the revocation log through to its end.");
        _meter.CreateObservableGauge("cookiestate.revocation.replica.unsent", unsent, "{record}", "Revocations enforced on this node but not yet stored in the log.");
    }
}
