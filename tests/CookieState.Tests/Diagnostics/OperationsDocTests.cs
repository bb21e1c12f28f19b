using System.Diagnostics.Metrics;
using System.Reflection;
using System.Text.RegularExpressions;
using CookieState.Diagnostics;
using CookieState.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CookieState.Tests.Diagnostics;

/// <summary>
/// docs/operations.md is what operators build dashboards and alerts from: every instrument and every log event the code
/// defines is in it with its type, unit, level and name, and it lists nothing the code does not define.
/// </summary>
public sealed partial class OperationsDocTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "operations.md"));

    [Fact]
    public void Every_log_event_is_documented_with_its_id_name_and_level()
    {
        // The core's events and those of the JOSE and Redis packages, which share its ranges.
        var events = new[]
            {
                typeof(CookieStateOptions).Assembly, typeof(CookieStateJoseOptions).Assembly,
                typeof(Microsoft.Extensions.DependencyInjection.CookieStateRedisRevocationExtensions).Assembly,
            }
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .ToList();
        var documented = EventRow().Matches(Doc).ToDictionary(m => int.Parse(m.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture));

        Assert.NotEmpty(events);
        foreach (var e in events)
        {
            Assert.True(documented.TryGetValue(e.EventId, out var row), $"Event {e.EventId} {e.EventName} is not in docs/operations.md.");
            Assert.Equal(e.EventName, row.Groups["name"].Value);
            Assert.Equal(e.Level.ToString(), row.Groups["level"].Value);
        }

        Assert.Equal(events.Select(e => e.EventId).Order(), documented.Keys.Where(id => id < 7000).Order());
    }

    [Fact]
    public void Every_event_id_constant_is_used_under_its_own_name()
    {
        var constants = typeof(CookieStateEventIds).GetFields(BindingFlags.Static | BindingFlags.Public)
            .Concat(typeof(global::CookieState.Jose.Diagnostics.JoseEventIds).GetFields(BindingFlags.Static | BindingFlags.Public))
            .ToDictionary(f => (int)f.GetRawConstantValue()!, f => f.Name);
        var documented = EventRow().Matches(Doc).Where(m => m.Groups["id"].Value.Length < 4).ToList();

        Assert.Equal(constants.Count, documented.Count);
        foreach (var row in documented)
        {
            Assert.Equal(constants[int.Parse(row.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture)], row.Groups["name"].Value);
        }
    }

    [Fact]
    public async Task Every_instrument_is_documented_with_its_type_and_unit()
    {
        var published = new List<Instrument>();
        await using var host = await SessionTestHost.StartAsync();
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, _) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Meter.Name == CookieStateDiagnostics.MeterName)
                {
                    published.Add(instrument);
                }
            };
            listener.Start();
            host.Services.GetRequiredService<CookieStateMetrics>();
        }

        var documented = InstrumentRow().Matches(Doc).ToDictionary(m => m.Groups["name"].Value);
        Assert.NotEmpty(published);
        Assert.Equal(published.Select(i => i.Name).Order(StringComparer.Ordinal), documented.Keys.Order(StringComparer.Ordinal));
        foreach (var instrument in published)
        {
            var row = documented[instrument.Name];
            Assert.Equal(instrument.Unit, row.Groups["unit"].Value);
            Assert.Equal(instrument.GetType().Name.StartsWith("Histogram", StringComparison.Ordinal) ? "histogram" : "counter", row.Groups["type"].Value);
        }
    }

    [Fact]
    public void The_documented_names_are_the_constants()
    {
        Assert.Contains($"Meter **`{CookieStateDiagnostics.MeterName}`**", Doc, StringComparison.Ordinal);
        Assert.Contains($"named `{CookieStateDiagnostics.HealthCheckName}`", Doc, StringComparison.Ordinal);
        foreach (var category in new[]
        {
            CookieStateDiagnostics.SessionLogCategory, CookieStateDiagnostics.RevocationLogCategory, CookieStateDiagnostics.KeyPickupLogCategory,
            CookieStateDiagnostics.DataKeyLogCategory, CookieStateDiagnostics.ConfigurationLogCategory,
        })
        {
            Assert.Contains($"| `{category}` |", Doc, StringComparison.Ordinal);
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CookieState.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Cannot find CookieState.sln above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^\| (?<id>\d+) \| (?<name>\w+) \| (?<level>\w+) \|", RegexOptions.Multiline)]
    private static partial Regex EventRow();

    [GeneratedRegex(@"^\| `(?<name>cookiestate\.[a-z.]+)` \| (?<type>counter|histogram) \| `(?<unit>[^`]+)` \|", RegexOptions.Multiline)]
    private static partial Regex InstrumentRow();
}
