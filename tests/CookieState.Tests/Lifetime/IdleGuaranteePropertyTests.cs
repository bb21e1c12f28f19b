using CookieState.Tests.Infrastructure;
using CookieState.Tests.Properties;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;

namespace CookieState.Tests.Lifetime;

/// <summary>
/// The idle guarantee end to end, over random request schedules on a fake clock that starts at a sub-second instant: a
/// session survives every silence up to <c>IdleTimeout</c> after the last request, used or untouched, and ends after
/// any silence beyond the documented upper bound.
/// </summary>
public sealed class IdleGuaranteePropertyTests : IAsyncLifetime
{
    private readonly Dictionary<double, SessionTestHost> _hosts = [];

    public async Task InitializeAsync()
    {
        foreach (var threshold in RequestSchedule.Thresholds)
        {
            _hosts[threshold] = await SessionTestHost.StartAsync(
                o =>
                {
                    o.IdleTimeout = RequestSchedule.IdleTimeout;
                    o.RefreshThreshold = threshold;
                },
                clock: new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero)));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts.Values)
        {
            await host.DisposeAsync();
        }
    }

    [Property(MaxTest = 150, QuietOnSuccess = true, Arbitrary = [typeof(RequestScheduleArbitraries)])]
    public void Gaps_within_the_idle_timeout_keep_the_session_and_a_gap_beyond_the_bound_ends_it(RequestSchedule schedule)
    {
        var host = _hosts[schedule.RefreshThreshold];
        var jar = new CookieJar();

        // Each case starts its session a fresh sub-second instant later; the absolute timeout (12 h) is never reached.
        host.Clock.Advance(TimeSpan.FromHours(13) + TimeSpan.FromTicks(schedule.StartTicks));
        Assert.Equal("ok", Get(host, "/set/a/1", jar));
        foreach (var (gap, touches) in schedule.Steps)
        {
            host.Clock.Advance(gap);
            Assert.Equal(touches ? "1" : "untouched", Get(host, touches ? "/get/a" : "/none", jar));
        }

        if (schedule.FinalGap is { } final)
        {
            host.Clock.Advance(final);
            Assert.Equal("(null)", Get(host, "/get/a", jar));
        }
        else
        {
            host.Clock.Advance(RequestSchedule.IdleTimeout);
            Assert.Equal("1", Get(host, "/get/a", jar));
        }
    }

    // FsCheck drives synchronously; each request is one in-memory TestServer round trip.
    private static string Get(SessionTestHost host, string path, CookieJar jar) =>
        host.GetStringAsync(path, jar).GetAwaiter().GetResult();
}
