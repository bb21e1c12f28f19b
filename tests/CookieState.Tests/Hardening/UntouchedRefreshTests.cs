using CookieState.Diagnostics;
using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CookieState.Tests.Hardening;

/// <summary>
/// Requests that never touch the session slide its idle timeout too, as classic ASP and the built-in session do: once
/// the refresh threshold has passed (read from the cookie's cleartext hint), one open and one re-sealed cookie.
/// </summary>
public sealed class UntouchedRefreshTests
{
    private static void Endpoints(IEndpointRouteBuilder e)
    {
        e.MapGet("/cacheable", (HttpContext c) =>
        {
            c.Response.Headers.CacheControl = "public, max-age=60";
            return "static";
        });
        e.MapGet("/timeout/{seconds:int}", (HttpContext c, int seconds) =>
        {
            c.Session.SetIdleTimeout(TimeSpan.FromSeconds(seconds));
            return "ok";
        });
    }

    private static Task<SessionTestHost> StartAsync(bool refreshUntouched = true) =>
        SessionTestHost.StartAsync(o => o.RefreshUntouchedSessions = refreshUntouched, Endpoints);

    private static int Opens(SessionTestHost host) =>
        host.Logs.Entries.Count(e => e.Category == CookieStateDiagnostics.SessionLogCategory
            && e.EventId.Id is CookieStateEventIds.SessionLoaded or CookieStateEventIds.CookieRejected or CookieStateEventIds.SessionExpired);

    [Fact]
    public async Task Before_the_threshold_an_untouched_request_opens_nothing_and_sends_nothing()
    {
        await using var host = await StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);
        var opensBefore = Opens(host);

        host.Clock.Advance(TimeSpan.FromMinutes(9));
        using var response = await host.GetAsync("/none", jar);

        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal(opensBefore, Opens(host));
        Assert.DoesNotContain("Cookie", response.Headers.Vary);
    }

    [Fact]
    public async Task Past_the_threshold_an_untouched_request_reissues_the_cookie_once_and_keeps_the_session_alive()
    {
        await using var host = await StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);
        var opensBefore = Opens(host);

        host.Clock.Advance(TimeSpan.FromMinutes(15));
        using (var refreshed = await host.GetAsync("/none", jar))
        {
            Assert.Single(refreshed.Headers.GetValues("Set-Cookie"));
            Assert.Equal(opensBefore + 1, Opens(host));
        }

        // The next untouched request finds a fresh hint: nothing to do.
        using (var quiet = await host.GetAsync("/none", jar))
        {
            Assert.False(quiet.Headers.Contains("Set-Cookie"));
            Assert.Equal(opensBefore + 1, Opens(host));
        }

        // 21 minutes after the last use, but 6 after the untouched request: alive.
        host.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal("1", await host.GetStringAsync("/get/a", jar));
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.SessionRefreshed);
    }

    [Fact]
    public async Task With_the_option_off_untouched_requests_never_open_the_session()
    {
        await using var host = await StartAsync(refreshUntouched: false);
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);
        var opensBefore = Opens(host);

        host.Clock.Advance(TimeSpan.FromMinutes(15));
        using var response = await host.GetAsync("/none", jar);

        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal(opensBefore, Opens(host));
        host.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal("(null)", await host.GetStringAsync("/get/a", jar));
    }

    [Fact]
    public async Task A_response_marked_cacheable_is_never_used_to_refresh()
    {
        await using var host = await StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);

        host.Clock.Advance(TimeSpan.FromMinutes(15));
        using var response = await host.GetAsync("/cacheable", jar);

        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task The_hint_follows_the_sessions_own_timeout()
    {
        await using var host = await StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);
        await host.GetStringAsync("/timeout/60", jar);

        host.Clock.Advance(TimeSpan.FromSeconds(31));
        using (var refreshed = await host.GetAsync("/none", jar))
        {
            Assert.Single(refreshed.Headers.GetValues("Set-Cookie"));
        }

        host.Clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal("1", await host.GetStringAsync("/get/a", jar));
    }

    [Fact]
    public async Task A_forged_hint_costs_one_open_and_nothing_more()
    {
        await using var host = await StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);
        var opensBefore = Opens(host);

        // The hint is the first six bytes after "E1.": claim the refresh was due in 1970. It is authenticated with the
        // payload, so the forgery is caught by the one open it causes.
        var cookie = jar[".CookieState"]!;
        jar[".CookieState"] = "E1.AAAAAAAA" + cookie[11..];
        using var response = await host.GetAsync("/none", jar);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(opensBefore + 1, Opens(host));
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.CookieRejected && e.Message.Contains("Tampered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Data_Protection_format_cookies_carry_no_hint_and_slide_only_when_used()
    {
        await using var host = await SessionTestHost.StartAsync(o => o.Format = CookieStateFormat.DataProtection, Endpoints);
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);
        var opensBefore = Opens(host);

        host.Clock.Advance(TimeSpan.FromMinutes(15));
        using var response = await host.GetAsync("/none", jar);

        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal(opensBefore, Opens(host));
    }
}
