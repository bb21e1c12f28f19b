using System.Diagnostics.Metrics;
using CookieState.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests.Diagnostics;

/// <summary>The instruments count what docs/operations.md says they count, through real requests.</summary>
public sealed class CookieStateMetricsTests
{
    [Fact]
    public async Task A_session_round_trip_is_counted_instrument_by_instrument()
    {
        await using var host = await SessionTestHost.StartAsync();
        using var recorder = new MeasurementRecorder(host.Services.GetRequiredService<IMeterFactory>());
        var jar = new CookieJar();

        Assert.Equal("untouched", await host.GetStringAsync("/none", jar));
        Assert.Equal("ok", await host.GetStringAsync("/set/a/1", jar));
        var size = jar.Cookies.Sum(c => c.Key.Length + 1 + c.Value.Length);
        Assert.Equal("1", await host.GetStringAsync("/get/a", jar));
        await host.GetStringAsync("/abandon", jar);

        Assert.Equal(1, recorder.Sum("cookiestate.sessions.started"));
        Assert.Equal(1, recorder.Sum("cookiestate.sessions.committed"));
        Assert.Equal(size, recorder.Sum("cookiestate.cookies.size"));
        Assert.Equal(2, recorder.Sum("cookiestate.sessions.loaded"));
        Assert.Equal(1, recorder.Sum("cookiestate.sessions.ended", "reason", nameof(CookieStateEndReason.Abandoned)));
        Assert.Equal(0, recorder.Sum("cookiestate.cookies.rejected"));
    }

    [Fact]
    public async Task A_rejected_cookie_is_counted_with_its_reason()
    {
        await using var host = await SessionTestHost.StartAsync();
        using var recorder = new MeasurementRecorder(host.Services.GetRequiredService<IMeterFactory>());
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);
        var value = jar[CookieStateDefaults.CookieName]!;
        jar[CookieStateDefaults.CookieName] = value[..^4] + (value[^4] == 'A' ? 'B' : 'A') + value[^3..];

        Assert.Equal("(null)", await host.GetStringAsync("/get/a", jar));

        Assert.Equal(1, recorder.Sum("cookiestate.cookies.rejected"));
        Assert.Equal(1, recorder.Sum("cookiestate.cookies.rejected", "reason", nameof(CookieStateRejectionReason.Tampered)));
    }
}
