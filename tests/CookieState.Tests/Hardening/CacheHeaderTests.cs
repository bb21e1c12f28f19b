using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests.Hardening;

/// <summary>
/// Responses that carry a session cookie must never be stored by a shared cache, and responses built from a session must
/// say that they vary by cookie (the class of bug of Flask's GHSA-m2qf-hxjv-5gpq).
/// </summary>
public sealed class CacheHeaderTests
{
    private static void Endpoints(IEndpointRouteBuilder e)
    {
        e.MapGet("/set-with-cache-control/{value}", (HttpContext c, string value) =>
        {
            c.Response.Headers.CacheControl = value;
            c.Session.SetString("a", "1");
            return "ok";
        });
        e.MapGet("/read-with-vary", (HttpContext c) =>
        {
            c.Response.Headers.Vary = "Accept-Encoding";
            return c.Session.GetString("user") ?? "(anonymous)";
        });
        e.MapGet("/profile", (HttpContext c) =>
        {
            // A page an app wrongly marks as publicly cacheable while it shows the session's user.
            c.Response.Headers.CacheControl = "public, max-age=60";
            return "Hello " + (c.Session.GetString("user") ?? "(anonymous)");
        });
    }

    [Fact]
    public async Task A_response_that_sets_a_session_cookie_forbids_storing_it()
    {
        await using var host = await SessionTestHost.StartAsync(endpoints: Endpoints);

        using var response = await host.GetAsync("/set/a/1", new CookieJar());

        Assert.True(response.Headers.CacheControl is { NoStore: true, NoCache: true, Public: false });
        Assert.Contains("no-cache", response.Headers.Pragma.ToString());
    }

    [Fact]
    public async Task A_response_that_expires_a_session_cookie_forbids_storing_it_too()
    {
        await using var host = await SessionTestHost.StartAsync(endpoints: Endpoints);
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);

        using var response = await host.GetAsync("/abandon", jar);

        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task A_laxer_cache_control_the_app_set_is_replaced()
    {
        await using var host = await SessionTestHost.StartAsync(endpoints: Endpoints);

        using var response = await host.GetAsync("/set-with-cache-control/" + Uri.EscapeDataString("public, max-age=600"), new CookieJar());

        Assert.True(response.Headers.CacheControl is { NoStore: true, NoCache: true, Public: false, MaxAge: null });
    }

    [Fact]
    public async Task A_stricter_cache_control_the_app_set_is_kept()
    {
        await using var host = await SessionTestHost.StartAsync(endpoints: Endpoints);

        using var response = await host.GetAsync("/set-with-cache-control/" + Uri.EscapeDataString("private, no-store"), new CookieJar());

        Assert.True(response.Headers.CacheControl is { NoStore: true, Private: true, NoCache: false });
    }

    [Fact]
    public async Task A_response_whose_request_loaded_the_session_varies_by_cookie_keeping_existing_vary_values()
    {
        await using var host = await SessionTestHost.StartAsync(endpoints: Endpoints);

        using var response = await host.GetAsync("/read-with-vary", new CookieJar());

        Assert.Equal(["Accept-Encoding", "Cookie"], response.Headers.Vary.ToArray());
    }

    [Fact]
    public async Task Through_the_response_caching_middleware_a_second_user_never_gets_the_first_users_page()
    {
        await using var host = await SessionTestHost.StartAsync(
            endpoints: Endpoints,
            services: s => s.AddResponseCaching(),
            beforeSession: app => app.UseResponseCaching());
        var alice = new CookieJar();
        var bob = new CookieJar();
        await host.GetStringAsync("/set/user/alice", alice);
        await host.GetStringAsync("/set/user/bob", bob);

        Assert.Equal("Hello alice", await host.GetStringAsync("/profile", alice));
        using var bobsPage = await host.GetAsync("/profile", bob);

        Assert.Equal("Hello bob", await bobsPage.Content.ReadAsStringAsync());
        Assert.False(bobsPage.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.Contains(alice[".CookieState"]![..20], StringComparison.Ordinal)));
        Assert.Equal("Hello (anonymous)", await host.GetStringAsync("/profile", new CookieJar()));
    }
}
