using System.Diagnostics.Metrics;
using CookieState.Diagnostics;
using CookieState.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests.Diagnostics;

/// <summary>
/// Bad cookies on every request cannot flood the logs: one line per reason per minute, with the count held back, while
/// the metrics count every rejection (issue 21, item 4).
/// </summary>
public sealed class LogFloodTests
{
    [Fact]
    public async Task Rejections_are_logged_once_per_reason_per_minute_with_the_count_suppressed_and_all_counted_in_metrics()
    {
        await using var host = await SessionTestHost.StartAsync();
        using var metrics = new MeasurementRecorder(host.Services.GetRequiredService<IMeterFactory>());

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("(null)", await host.GetStringAsync("/get/name", new CookieJar { [".CookieState"] = "E1.AAAA" }));
        }

        Assert.Equal(10, metrics.Sum("cookiestate.cookies.rejected"));
        var first = Assert.Single(Rejections(host));
        Assert.Contains("Malformed", first.Message, StringComparison.Ordinal);

        // Another reason has its own allowance.
        var jar = new CookieJar();
        Assert.Equal("ok", await host.GetStringAsync("/set/name/JohnH", jar));
        var genuine = jar[".CookieState"]!;
        var middle = genuine.Length / 2;
        var tampered = genuine[..middle] + (genuine[middle] == 'A' ? 'B' : 'A') + genuine[(middle + 1)..];
        Assert.Equal("(null)", await host.GetStringAsync("/get/name", new CookieJar { [".CookieState"] = tampered }));
        Assert.Contains("Tampered", Rejections(host)[^1].Message, StringComparison.Ordinal);
        Assert.Equal(2, Rejections(host).Length);
        Assert.Equal(11, metrics.Sum("cookiestate.cookies.rejected"));

        host.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("(null)", await host.GetStringAsync("/get/name", new CookieJar { [".CookieState"] = "E1.AAAA" }));
        Assert.Equal(2, Rejections(host).Length);

        host.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("(null)", await host.GetStringAsync("/get/name", new CookieJar { [".CookieState"] = "E1.AAAA" }));
        var rejections = Rejections(host);
        Assert.Equal(3, rejections.Length);
        Assert.EndsWith("not logged since the last line: 10.", rejections[^1].Message, StringComparison.Ordinal);
        Assert.Equal(13, metrics.Sum("cookiestate.cookies.rejected"));
    }

    private static TestLogSink.LogEntry[] Rejections(SessionTestHost host) =>
        host.Logs.Entries.Where(e => e.EventId.Id == CookieStateEventIds.CookieRejected).ToArray();
}
