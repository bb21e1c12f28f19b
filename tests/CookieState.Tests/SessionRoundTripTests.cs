using System.Net;
using CookieState.Tests.Infrastructure;

namespace CookieState.Tests;

public sealed class SessionRoundTripTests
{
    [Fact]
    public async Task Request_that_does_not_touch_the_session_sends_no_cookie()
    {
        await using var host = await SessionTestHost.StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);

        using var response = await host.GetAsync("/none", jar);

        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Reading_a_missing_key_sends_no_cookie()
    {
        await using var host = await SessionTestHost.StartAsync();
        var jar = new CookieJar();

        using var response = await host.GetAsync("/get/missing", jar);

        Assert.Equal("(null)", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task First_set_sends_exactly_one_cookie_with_safe_defaults()
    {
        await using var host = await SessionTestHost.StartAsync();
        var jar = new CookieJar();

        using var response = await host.GetAsync("/set/UserName/JohnH", jar);

        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(".CookieState=", setCookie);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("JohnH", await host.GetStringAsync("/get/UserName", jar));
    }

    [Fact]
    public async Task Counter_survives_fifty_requests()
    {
        await using var host = await SessionTestHost.StartAsync();
        var jar = new CookieJar();

        for (var i = 1; i <= 50; i++)
        {
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), await host.GetStringAsync("/count", jar));
        }
    }

    [Fact]
    public async Task Values_persist_remove_and_clear_across_requests()
    {
        await using var host = await SessionTestHost.StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);
        await host.GetStringAsync("/set/b/2", jar);
        Assert.Equal("a,b", await host.GetStringAsync("/keys", jar));

        await host.GetStringAsync("/remove/a", jar);
        Assert.Equal("b", await host.GetStringAsync("/keys", jar));
        Assert.Equal("(null)", await host.GetStringAsync("/get/a", jar));

        await host.GetStringAsync("/clear", jar);
        Assert.Equal(string.Empty, await host.GetStringAsync("/keys", jar));
    }

    [Fact]
    public async Task Keys_are_case_sensitive()
    {
        await using var host = await SessionTestHost.StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/Key/upper", jar);
        await host.GetStringAsync("/set/key/lower", jar);

        Assert.Equal("upper", await host.GetStringAsync("/get/Key", jar));
        Assert.Equal("lower", await host.GetStringAsync("/get/key", jar));
    }

    [Fact]
    public async Task Session_id_is_stable_and_128_bit()
    {
        await using var host = await SessionTestHost.StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);

        var first = await host.GetStringAsync("/id", jar);
        var second = await host.GetStringAsync("/id", jar);

        Assert.Equal(first, second);
        Assert.True(Guid.TryParse(first, out _));
    }

    [Fact]
    public async Task Read_only_requests_do_not_rewrite_the_cookie()
    {
        await using var host = await SessionTestHost.StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);

        using var read = await host.GetAsync("/get/a", jar);
        using var sameValue = await host.GetAsync("/set/a/1", jar);

        Assert.False(read.Headers.Contains("Set-Cookie"));
        Assert.False(sameValue.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Cleared_session_keeps_its_id()
    {
        await using var host = await SessionTestHost.StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);
        var id = await host.GetStringAsync("/id", jar);

        await host.GetStringAsync("/clear", jar);

        Assert.Equal(id, await host.GetStringAsync("/id", jar));
    }

    [Fact]
    public async Task Late_set_after_the_response_started_throws_a_helpful_error()
    {
        await using var host = await SessionTestHost.StartAsync();
        var jar = new CookieJar();

        var body = await host.GetStringAsync("/late-set", jar);

        Assert.Contains("threw:", body);
        Assert.Contains("BufferResponse", body);
        Assert.Empty(jar.Cookies);
    }

    [Fact]
    public async Task Late_set_lands_when_the_response_is_buffered()
    {
        await using var host = await SessionTestHost.StartAsync(o => o.BufferResponse = true);
        var jar = new CookieJar();

        var body = await host.GetStringAsync("/late-set", jar);

        Assert.Equal("body first;set", body);
        Assert.Equal("value", await host.GetStringAsync("/get/late", jar));
    }

    [Fact]
    public async Task CommitAsync_writes_before_the_body()
    {
        await using var host = await SessionTestHost.StartAsync();
        var jar = new CookieJar();

        using var response = await host.GetAsync("/commit-then-write", jar);

        Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Equal("yes", await host.GetStringAsync("/get/early", jar));
    }

    [Fact]
    public async Task Status_is_200_for_a_garbage_cookie()
    {
        await using var host = await SessionTestHost.StartAsync();
        var jar = new CookieJar { [".CookieState"] = "1.AAAAAAAA.not-a-payload" };

        using var response = await host.GetAsync("/get/a", jar);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("(null)", await response.Content.ReadAsStringAsync());
        Assert.Empty(jar.Cookies);
    }

    [Fact]
    public async Task Any_utf8_key_and_any_byte_value_round_trip_including_empty()
    {
        var key = "Ünïcødé 🍪 \0 key";
        byte[] binary = [0, 1, 127, 128, 254, 255];
        await using var host = await SessionTestHost.StartAsync(endpoints: e =>
        {
            Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet(e, "/binary/write", (Microsoft.AspNetCore.Http.HttpContext c) =>
            {
                c.Session.Set(key, binary);
                c.Session.Set("empty", []);
                return "ok";
            });
            Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet(e, "/binary/read", (Microsoft.AspNetCore.Http.HttpContext c) =>
                c.Session.TryGetValue(key, out var v) && c.Session.TryGetValue("empty", out var empty)
                    ? Convert.ToHexString(v) + "|" + empty.Length
                    : "missing");
        });
        var jar = new CookieJar();
        await host.GetStringAsync("/binary/write", jar);

        Assert.Equal("00017F80FEFF|0", await host.GetStringAsync("/binary/read", jar));
    }
}
