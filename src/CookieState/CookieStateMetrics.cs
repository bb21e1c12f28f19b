using System.Diagnostics.Metrics;

namespace CookieState;

/// <summary>Counters under the meter <c>CookieState</c>.</summary>
internal sealed class CookieStateMetrics
{
    public const string MeterName = "CookieState";

    private readonly Counter<long> _started;
    private readonly Counter<long> _loaded;
    private readonly Counter<long> _committed;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _ended;
    private readonly Counter<long> _overflows;
    private readonly Histogram<int> _cookieSize;

    public CookieStateMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _started = meter.CreateCounter<long>("cookiestate.sessions.started", "{session}", "New sessions written to the client.");
        _loaded = meter.CreateCounter<long>("cookiestate.sessions.loaded", "{session}", "Sessions read back from cookies.");
        _committed = meter.CreateCounter<long>("cookiestate.sessions.committed", "{session}", "Session cookies written.");
        _rejected = meter.CreateCounter<long>("cookiestate.cookies.rejected", "{request}", "Requests whose session cookies were rejected.");
        _ended = meter.CreateCounter<long>("cookiestate.sessions.ended", "{session}", "Sessions abandoned or found expired.");
        _overflows = meter.CreateCounter<long>("cookiestate.sessions.overflows", "{session}", "Commits refused for exceeding the size budget.");
        _cookieSize = meter.CreateHistogram<int>("cookiestate.cookies.size", "By", "Characters the session cookies take in the Cookie header.");
    }

    public void Started() => _started.Add(1);

    public void Loaded() => _loaded.Add(1);

    public void Committed(int size)
    {
        _committed.Add(1);
        _cookieSize.Record(size);
    }

    public void Rejected(CookieStateRejectionReason reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));

    public void Ended(CookieStateEndReason reason) => _ended.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));

    public void Overflow() => _overflows.Add(1);
}
