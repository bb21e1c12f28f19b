using CookieState.Diagnostics;
using CookieState.Tests.Infrastructure;

namespace CookieState.Tests;

public sealed class TimeoutTests
{
    [Fact]
    public async Task Idle_session_expires_after_the_idle_timeout_and_its_cookie_is_expired()
    {
        var ended = new List<(string Id, CookieStateEndReason Reason)>();
        await using var host = await SessionTestHost.StartAsync(o =>
        {
            o.IdleTimeout = TimeSpan.FromMinutes(20);
            o.Events.OnSessionEnded = c =>
            {
                ended.Add((c.SessionId, c.Reason));
                return Task.CompletedTask;
            };
        });
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);
        var id = await host.GetStringAsync("/id", jar);

        host.Clock.Advance(TimeSpan.FromMinutes(19));
        Assert.Equal("1", await host.GetStringAsync("/get/a", jar));

        // The read at 19 minutes re-issued the cookie (past the refresh threshold), so idleness counts from there: the
        // cookie is valid for the window IdleTimeout × (1 + RefreshThreshold) = 30 minutes after it was sealed.
        host.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal("1", await host.GetStringAsync("/get/a", jar));
        host.Clock.Advance(TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(1));
        Assert.Equal("(null)", await host.GetStringAsync("/get/a", jar));

        Assert.Empty(jar.Cookies);
        Assert.Equal([(id, CookieStateEndReason.IdleTimeout)], ended);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.SessionExpired && e.EventId.Name == "SessionExpired");
    }

    [Fact]
    public async Task Session_expires_at_the_absolute_timeout_however_active()
    {
        var ended = new List<CookieStateEndReason>();
        await using var host = await SessionTestHost.StartAsync(o =>
        {
            o.IdleTimeout = TimeSpan.FromMinutes(20);
            o.AbsoluteTimeout = TimeSpan.FromHours(1);
            o.Events.OnSessionEnded = c =>
            {
                ended.Add(c.Reason);
                return Task.CompletedTask;
            };
        });
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);

        for (var minute = 0; minute < 55; minute += 11)
        {
            host.Clock.Advance(TimeSpan.FromMinutes(11));
            Assert.Equal("1", await host.GetStringAsync("/get/a", jar));
        }

        host.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal("(null)", await host.GetStringAsync("/get/a", jar));
        Assert.Equal([CookieStateEndReason.AbsoluteTimeout], ended);
    }

    [Fact]
    public async Task Sliding_refresh_happens_only_after_the_threshold()
    {
        await using var host = await SessionTestHost.StartAsync(o =>
        {
            o.IdleTimeout = TimeSpan.FromMinutes(20);
            o.RefreshThreshold = 0.5;
        });
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);
        var issued = jar[".CookieState"];

        host.Clock.Advance(TimeSpan.FromMinutes(9));
        using (var early = await host.GetAsync("/get/a", jar))
        {
            Assert.False(early.Headers.Contains("Set-Cookie"));
        }

        host.Clock.Advance(TimeSpan.FromMinutes(2));
        using (var due = await host.GetAsync("/get/a", jar))
        {
            Assert.Single(due.Headers.GetValues("Set-Cookie"));
        }

        Assert.NotEqual(issued, jar[".CookieState"]);
        using (var after = await host.GetAsync("/get/a", jar))
        {
            Assert.False(after.Headers.Contains("Set-Cookie"));
        }

        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.SessionRefreshed && e.EventId.Name == "SessionRefreshed");
    }

    [Fact]
    public async Task With_untouched_refresh_off_requests_that_do_not_touch_the_session_do_not_refresh_it()
    {
        await using var host = await SessionTestHost.StartAsync(o =>
        {
            o.IdleTimeout = TimeSpan.FromMinutes(20);
            o.RefreshUntouchedSessions = false;
        });
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);

        host.Clock.Advance(TimeSpan.FromMinutes(15));
        using (var untouched = await host.GetAsync("/none", jar))
        {
            Assert.False(untouched.Headers.Contains("Set-Cookie"));
        }

        // Not refreshed at 15 minutes, so the window (30 minutes) counts from the first request.
        host.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal("(null)", await host.GetStringAsync("/get/a", jar));
    }

    [Fact]
    public async Task Expired_session_starts_fresh_with_a_new_id()
    {
        await using var host = await SessionTestHost.StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);
        var oldId = await host.GetStringAsync("/id", jar);

        host.Clock.Advance(TimeSpan.FromHours(1));
        await host.GetStringAsync("/set/b/2", jar);

        Assert.NotEqual(oldId, await host.GetStringAsync("/id", jar));
        Assert.Equal("b", await host.GetStringAsync("/keys", jar));
    }
}
