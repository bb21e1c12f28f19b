using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace CookieState.Tests.Migration;

/// <summary>Records the <c>outcome</c> tag of every <c>cookiestate.migration.sessions</c> measurement of one host's meters.</summary>
public sealed class MigrationMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<string> _outcomes = new();

    public MigrationMetrics(IMeterFactory hostMeters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Parallel tests run other hosts with meters of the same name: listen to this host's only.
            if (ReferenceEquals(instrument.Meter.Scope, hostMeters)
                && instrument.Meter.Name == CookieStateDiagnostics.MeterName
                && instrument.Name == "cookiestate.migration.sessions")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "outcome")
                {
                    for (var i = 0; i < value; i++)
                    {
                        _outcomes.Enqueue((string)tag.Value!);
                    }
                }
            }
        });
        _listener.Start();
    }

    public IReadOnlyList<string> Outcomes => _outcomes.ToArray();

    public void Dispose() => _listener.Dispose();
}
