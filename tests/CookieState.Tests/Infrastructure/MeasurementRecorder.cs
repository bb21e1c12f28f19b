using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace CookieState.Tests.Infrastructure;

/// <summary>
/// Listens to the instruments of one <see cref="IMeterFactory"/> (one test host), so that hosts of tests running in
/// parallel, whose meters share the name <c>CookieState</c>, do not mix their measurements in.
/// </summary>
public sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public MeasurementRecorder(IMeterFactory meterFactory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == CookieStateDiagnostics.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public IReadOnlyList<Measurement> Measurements => _measurements.ToArray();

    public long Sum(string instrument, string? tag = null, string? value = null) =>
        Measurements
            .Where(m => m.Instrument == instrument && (tag is null || (m.Tags.TryGetValue(tag, out var v) && v == value)))
            .Sum(m => m.Value);

    /// <summary>The <paramref name="tag"/> of every unit counted on <paramref name="instrument"/>, in order.</summary>
    public IReadOnlyList<string?> Values(string instrument, string tag) =>
        Measurements
            .Where(m => m.Instrument == instrument)
            .SelectMany(m => Enumerable.Repeat(m.Tags.GetValueOrDefault(tag), (int)m.Value))
            .ToArray();

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var tagMap = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            tagMap[tag.Key] = tag.Value?.ToString();
        }

        _measurements.Enqueue(new Measurement(instrument.Name, value, tagMap));
    }

    public sealed record Measurement(string Instrument, long Value, IReadOnlyDictionary<string, string?> Tags);
}
