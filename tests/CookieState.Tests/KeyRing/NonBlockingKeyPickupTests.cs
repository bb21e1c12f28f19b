using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CookieState.Tests.KeyRing;

/// <summary>
/// Picking up a key another node created never blocks a request thread: the lookup runs off the request, requests await
/// it before the endpoint (concurrent ones the same lookup), and one still running after <c>ReloadTimeout</c> leaves the
/// session unavailable, not empty (issue 21, item 3).
/// </summary>
public sealed class NonBlockingKeyPickupTests
{
    [Fact]
    public async Task Concurrent_requests_await_one_lookup_made_off_the_request_and_all_keep_their_session()
    {
        var store = new GatedXmlRepository();
        await using var farm = await TwoNodesAsync(store, TimeSpan.FromSeconds(30));
        var jar = await SessionUnderNewKeyAsync(farm.A, farm.B);

        store.Close();
        var requests = Enumerable.Range(0, 16).Select(_ => farm.B.GetStringAsync("/get/user", jar.Clone())).ToArray();
        await store.Entered.WaitAsync(TimeSpan.FromSeconds(10));

        // The store is held: every request waits for the one lookup, and that lookup is not a request's.
        Assert.DoesNotContain(requests, r => r.IsCompleted);
        Assert.Equal(1, store.GatedReads);
        Assert.Equal(0, store.ReadsInsideRequests);

        store.Open();
        var answers = await Task.WhenAll(requests).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.All(answers, answer => Assert.Equal("alice", answer));
    }

    [Fact]
    public async Task A_lookup_still_running_after_the_reload_timeout_leaves_the_session_unavailable_and_its_cookies_in_place()
    {
        var store = new GatedXmlRepository();
        await using var farm = await TwoNodesAsync(store, TimeSpan.FromSeconds(1));
        var jar = await SessionUnderNewKeyAsync(farm.A, farm.B);

        store.Close();
        using (var response = await farm.B.GetAsync("/available", jar.Clone()))
        {
            Assert.Equal("no", await response.Content.ReadAsStringAsync());
            Assert.False(response.Headers.Contains("Set-Cookie"), "An unavailable session must leave its cookies alone.");
        }

        Assert.Equal(0, store.ReadsInsideRequests);
        store.Open();
        Assert.True(await EventuallyAsync(async () => await farm.B.GetStringAsync("/get/user", jar.Clone()) == "alice"));
    }

    private static async Task<Nodes> TwoNodesAsync(GatedXmlRepository storeOfB, TimeSpan reloadTimeout)
    {
        var keys = Directory.CreateTempSubdirectory("cookiestate-pickup-").FullName;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var a = await SessionTestHost.StartAsync(keyDirectory: keys, clock: clock);
        var b = await SessionTestHost.StartAsync(
            keyDirectory: keys,
            clock: clock,
            endpoints: Endpoints,
            beforeSession: app => app.Use(next => context =>
            {
                RequestMarker.Enter();
                return next(context);
            }),
            services: s =>
            {
                s.Configure<CookieStateKeyPickupOptions>(o => o.ReloadTimeout = reloadTimeout);
                s.PostConfigure<KeyManagementOptions>(o => o.XmlRepository = storeOfB.Wrap(o.XmlRepository));
            });
        var warm = new CookieJar();
        Assert.Equal("ok", await a.GetStringAsync("/set/warm/a", warm));
        Assert.Equal("a", await b.GetStringAsync("/get/warm", warm));
        DataProtectionInternals.CloseAutoRefreshWindow(b.Services);
        return new Nodes(a, b);
    }

    private static async Task<CookieJar> SessionUnderNewKeyAsync(SessionTestHost a, SessionTestHost b)
    {
        // Data Protection's key dates are on the wall clock, not the test's fake clock.
        var now = DateTimeOffset.UtcNow;
        var newKey = a.Services.GetRequiredService<IKeyManager>().CreateNewKey(now, now.AddDays(90)).KeyId;
        DataProtectionInternals.WaitForDefaultKey(a.Services, newKey);
        var jar = new CookieJar();
        Assert.Equal("ok", await a.GetStringAsync("/set/user/alice", jar));
        Assert.NotEqual(newKey, DataProtectionInternals.CurrentDefaultKeyId(b.Services));
        return jar;
    }

    private static void Endpoints(IEndpointRouteBuilder e) =>
        e.MapGet("/available", (HttpContext c) => c.Session.IsAvailable ? "yes" : "no");

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (System.Diagnostics.Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(10))
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    private sealed record Nodes(SessionTestHost A, SessionTestHost B) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
        }
    }
}
