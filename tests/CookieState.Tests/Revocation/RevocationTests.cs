using CookieState.Diagnostics;
using CookieState.TestServers;
using CookieState.Tests.Infrastructure;
using CookieState.Tests.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests.Revocation;

/// <summary>Optional revocation through IDistributedCache: Abandon, RevokeAsync and sign-out-everywhere per user.</summary>
public sealed class RevocationTests
{
    [Fact]
    public async Task Without_revocation_the_server_is_never_touched()
    {
        var cache = new FakeDistributedCache();
        await using var host = await SecurityHost.StartAsync(services: s => s.AddSingleton<IDistributedCache>(cache));
        var jar = new CookieJar();

        await host.Host.GetStringAsync("/set/a/1", jar);
        await host.Host.GetStringAsync("/get/a", jar);
        await host.Host.GetStringAsync("/bind/alice", jar);
        await host.Host.GetStringAsync("/abandon", jar);

        Assert.Equal(0, cache.Calls);
        Assert.Null(host.Host.Services.GetService<ICookieStateRevocation>());
    }

    [Fact]
    public async Task Requests_without_session_cookies_do_not_touch_the_cache()
    {
        var cache = new FakeDistributedCache();
        await using var host = await StartAsync(cache);

        await host.Host.GetStringAsync("/none", new CookieJar());
        await host.Host.GetStringAsync("/set/a/1", new CookieJar());

        Assert.Equal(0, cache.Calls);
    }

    [Fact]
    public async Task A_copy_of_an_abandoned_session_is_refused()
    {
        await using var host = await StartAsync(new FakeDistributedCache());
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/secret/42", jar);
        var stolen = jar.Clone();

        await host.Host.GetStringAsync("/abandon", jar);
        using var replay = await host.Host.GetAsync("/get/secret", stolen);

        Assert.Equal("(null)", await replay.Content.ReadAsStringAsync());
        Assert.Contains("Ended:Revoked", host.Events);
        Assert.Empty(stolen.Cookies);
    }

    [Fact]
    public async Task RevokeAsync_ends_a_session_by_id_even_when_the_endpoint_ignores_the_session()
    {
        await using var host = await StartAsync(new FakeDistributedCache());
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/a/1", jar);
        var id = await host.Host.GetStringAsync("/id", jar);
        var revocation = host.Host.Services.GetRequiredService<ICookieStateRevocation>();

        await revocation.RevokeAsync(id);
        using var untouched = await host.Host.GetAsync("/none", jar);

        Assert.True(await revocation.IsRevokedAsync(id));
        Assert.Equal(["Started", "Ended:Revoked"], host.Events);
        Assert.Empty(jar.Cookies);
        Assert.Equal("(null)", await host.Host.GetStringAsync("/get/a", jar));
    }

    [Fact]
    public async Task Synchronous_access_after_an_unawaited_load_sees_the_revocation()
    {
        await using var host = await StartAsync(new FakeDistributedCache(), endpoints: e => e.MapGet("/sync-keys", (HttpContext c) =>
            string.Join(",", c.Session.Keys)));
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/a/1", jar);
        await host.Host.Services.GetRequiredService<ICookieStateRevocation>().RevokeAsync(await host.Host.GetStringAsync("/id", jar));

        Assert.Equal(string.Empty, await host.Host.GetStringAsync("/sync-keys", jar));
    }

    [Fact]
    public async Task RevokeUserAsync_signs_a_user_out_everywhere_and_nobody_else()
    {
        await using var host = await StartAsync(new FakeDistributedCache());
        var laptop = new CookieJar();
        var phone = new CookieJar();
        var bob = new CookieJar();
        Assert.Equal("alice", await host.Host.GetStringAsync("/bind/alice", laptop));
        Assert.Equal("alice", await host.Host.GetStringAsync("/bind/alice", phone));
        Assert.Equal("bob", await host.Host.GetStringAsync("/bind/bob", bob));
        host.Host.Clock.Advance(TimeSpan.FromSeconds(1));

        await host.Host.Services.GetRequiredService<ICookieStateRevocation>().RevokeUserAsync("alice");

        Assert.Equal("(anonymous)", await host.Host.GetStringAsync("/whoami", laptop));
        Assert.Equal("(anonymous)", await host.Host.GetStringAsync("/whoami", phone));
        Assert.Equal("bob", await host.Host.GetStringAsync("/whoami", bob));
        Assert.Equal(2, host.Events.Count(e => e == "Ended:Revoked"));

        // Signing in again afterwards binds a new session that the old revocation does not touch.
        host.Host.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("alice", await host.Host.GetStringAsync("/bind/alice", laptop));
        Assert.Equal("alice", await host.Host.GetStringAsync("/whoami", laptop));
    }

    [Fact]
    public async Task Revocation_arguments_are_checked()
    {
        await using var host = await StartAsync(new FakeDistributedCache());
        var revocation = host.Host.Services.GetRequiredService<ICookieStateRevocation>();

        await Assert.ThrowsAsync<ArgumentNullException>(() => revocation.RevokeAsync(null!));
        await Assert.ThrowsAsync<ArgumentException>(() => revocation.RevokeAsync("not-an-id"));
        await Assert.ThrowsAsync<ArgumentException>(() => revocation.RevokeUserAsync(string.Empty));
    }

    [Fact]
    public async Task The_cache_keeps_nothing_but_revocations_and_no_user_id_in_clear()
    {
        var cache = new FakeDistributedCache();
        await using var host = await StartAsync(cache);
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/bind/alice@example.com", jar);
        var calls = cache.Calls;

        await host.Host.Services.GetRequiredService<ICookieStateRevocation>().RevokeUserAsync("alice@example.com");

        Assert.Equal(calls + 1, cache.Calls);
        Assert.DoesNotContain(host.Host.Logs.Entries, e => e.Category.StartsWith("CookieState", StringComparison.Ordinal) && e.Message.Contains("alice", StringComparison.Ordinal));
        Assert.Contains(host.Host.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.UserSessionsRevoked);
    }

    [Fact]
    public async Task A_store_that_ignores_cancellation_still_fails_closed_after_the_timeout()
    {
        var cache = new FakeDistributedCache();
        await using var host = await SecurityHost.StartAsync(services: s =>
        {
            s.AddSingleton<IDistributedCache>(cache);
            s.AddCookieStateRevocation(o => o.Timeout = TimeSpan.FromSeconds(2));
        });
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/a/1", jar);
        var cookies = jar.Cookies.ToArray();

        cache.ReadHang = CacheReadHang.UntilReleased;
        var request = host.Host.GetAsync("/get/a", jar);
        await cache.ReadHanging;
        host.Host.Clock.Advance(TimeSpan.FromSeconds(2));

        // Fails rather than hangs if the timeout does not hold; not a timing assertion.
        using var response = await request.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("(null)", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal(cookies, jar.Cookies.ToArray());
        Assert.Contains(host.Host.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.RevocationStoreFailed && e.Exception is OperationCanceledException);
    }

    private static Task<SecurityHost> StartAsync(FakeDistributedCache cache, Action<Microsoft.AspNetCore.Routing.IEndpointRouteBuilder>? endpoints = null) =>
        SecurityHost.StartAsync(
            services: s =>
            {
                s.AddSingleton<IDistributedCache>(cache);
                s.AddCookieStateRevocation(o => o.KeyPrefix = "tests:");
            },
            endpoints: endpoints);
}
