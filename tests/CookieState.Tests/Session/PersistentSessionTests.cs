using System.Globalization;
using CookieState.Diagnostics;
using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Net.Http.Headers;

namespace CookieState.Tests.Session;

/// <summary>
/// Remember-me sessions (issue 20 part 2): <c>SetPersistent</c> seals a session's own sliding lifetime and absolute limit,
/// and its cookies carry one <c>Expires</c>/<c>Max-Age</c>, renewed with the sliding refresh.
/// </summary>
public sealed class PersistentSessionTests
{
    // Ahead of the wall clock, because the test cookie jar drops cookies whose Expires has passed in real time.
    private static readonly DateTimeOffset Start = new(2031, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    private static void Endpoints(IEndpointRouteBuilder e)
    {
        e.MapGet("/persist/{seconds:int}", (HttpContext c, int seconds) =>
        {
            try
            {
                c.Session.SetPersistent(TimeSpan.FromSeconds(seconds));
                return "ok";
            }
            catch (InvalidOperationException exception)
            {
                return "refused: " + exception.Message;
            }
            catch (ArgumentOutOfRangeException)
            {
                return "out of range";
            }
        });
        e.MapGet("/unpersist", (HttpContext c) =>
        {
            c.Session.SetPersistent(null);
            return "ok";
        });
        e.MapGet("/persistent-since", (HttpContext c) =>
            c.Features.Get<ICookieStateFeature>()!.Inspect().PersistentSince is { } since ? since.ToString("O", CultureInfo.InvariantCulture) : "no");
        e.MapGet("/persistent", (HttpContext c) =>
            c.Session.GetPersistentLifetime() is { } lifetime ? lifetime.TotalSeconds.ToString(CultureInfo.InvariantCulture) : "no");
    }

    private static Task<SessionTestHost> StartAsync(Action<CookieStateOptions>? configure = null, Action<IServiceCollection>? services = null) =>
        SessionTestHost.StartAsync(
            o =>
            {
                o.MaxPersistentLifetime = TimeSpan.FromDays(30);
                configure?.Invoke(o);
            },
            Endpoints,
            services,
            clock: new FakeTimeProvider(Start));

    private static List<SetCookieHeaderValue> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => SetCookieHeaderValue.Parse(v)).ToList() : [];

    private static async Task<List<SetCookieHeaderValue>> SetCookiesAsync(SessionTestHost host, string path, CookieJar jar)
    {
        using var response = await host.GetAsync(path, jar);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return SetCookies(response);
    }

    /// <summary>Issue times are sealed rounded up to the second.</summary>
    private static DateTimeOffset Sealed(DateTimeOffset now) =>
        now.UtcTicks % TimeSpan.TicksPerSecond == 0 ? now : now.AddTicks(TimeSpan.TicksPerSecond - (now.UtcTicks % TimeSpan.TicksPerSecond));

    [Fact]
    public async Task SetPersistent_is_refused_until_the_app_sets_MaxPersistentLifetime()
    {
        await using var host = await SessionTestHost.StartAsync(endpoints: Endpoints, clock: new FakeTimeProvider(Start));
        var jar = new CookieJar();
        await host.GetStringAsync("/set/user/ann", jar);

        var answer = await host.GetStringAsync("/persist/3600", jar);

        Assert.StartsWith("refused: ", answer, StringComparison.Ordinal);
        Assert.Contains("MaxPersistentLifetime", answer, StringComparison.Ordinal);
        Assert.Equal("no", await host.GetStringAsync("/persistent", jar));
    }

    [Fact]
    public async Task A_lifetime_beyond_MaxPersistentLifetime_is_out_of_range()
    {
        await using var host = await StartAsync();
        var jar = new CookieJar();

        Assert.Equal("out of range", await host.GetStringAsync("/persist/" + (int)TimeSpan.FromDays(31).TotalSeconds, jar));
        Assert.Equal("ok", await host.GetStringAsync("/persist/" + (int)TimeSpan.FromDays(30).TotalSeconds, jar));
    }

    [Fact]
    public async Task Every_chunk_carries_one_Expires_and_Max_Age_at_the_end_of_the_validity_window()
    {
        await using var host = await StartAsync(o => o.ChunkSize = 1024);
        var jar = new CookieJar();
        await host.GetStringAsync("/fill/2", jar);
        host.Clock.Advance(TimeSpan.FromMilliseconds(300));

        var cookies = await SetCookiesAsync(host, "/persist/" + (int)Week.TotalSeconds, jar);

        // A week × (1 + ½) from the sealed issue time, well inside the 30-day absolute limit.
        var now = host.Clock.GetUtcNow();
        var expected = Sealed(now) + TimeSpan.FromDays(10.5);
        var written = cookies.Where(c => c.Expires != DateTimeOffset.UnixEpoch).ToList();
        Assert.True(written.Count >= 3, $"expected several chunks, got {written.Count}");
        Assert.All(written, c =>
        {
            Assert.Equal(expected, c.Expires);
            Assert.Equal(expected - DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()), c.MaxAge);
        });
        Assert.Equal(written.Count, jar.Cookies.Count);
    }

    [Fact]
    public async Task A_browser_session_cookie_has_no_expiry()
    {
        await using var host = await StartAsync();
        var jar = new CookieJar();

        var cookies = await SetCookiesAsync(host, "/set/user/ann", jar);

        Assert.All(cookies, c =>
        {
            Assert.Null(c.Expires);
            Assert.Null(c.MaxAge);
        });
    }

    [Fact]
    public async Task The_expiry_is_renewed_with_the_sliding_refresh_and_capped_by_the_absolute_limit()
    {
        await using var host = await StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/user/ann", jar);
        await host.GetStringAsync("/persist/" + (int)Week.TotalSeconds, jar);
        var since = host.Clock.GetUtcNow();

        // Before the refresh interval (half the lifetime) nothing is rewritten.
        host.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Empty(await SetCookiesAsync(host, "/get/user", jar));

        host.Clock.Advance(TimeSpan.FromDays(1));
        var refreshed = Assert.Single(await SetCookiesAsync(host, "/get/user", jar));
        Assert.Equal(Sealed(host.Clock.GetUtcNow()) + TimeSpan.FromDays(10.5), refreshed.Expires);

        // Twenty days on, a window of ten and a half would pass the 30-day absolute limit: the expiry stops there.
        for (var day = 4; day < 20; day += 4)
        {
            host.Clock.Advance(TimeSpan.FromDays(4));
            Assert.Equal("ann", await host.GetStringAsync("/get/user", jar));
        }

        host.Clock.Advance(TimeSpan.FromDays(4));
        var capped = Assert.Single(await SetCookiesAsync(host, "/get/user", jar));
        Assert.Equal(since + TimeSpan.FromDays(30), capped.Expires);
    }

    [Fact]
    public async Task A_persistent_session_outlives_IdleTimeout_and_AbsoluteTimeout_but_not_its_own_lifetime()
    {
        await using var host = await StartAsync();
        var kept = new CookieJar();
        var other = new CookieJar();
        await host.GetStringAsync("/set/user/ann", kept);
        await host.GetStringAsync("/persist/" + (int)Week.TotalSeconds, kept);
        await host.GetStringAsync("/set/user/bob", other);

        // Unused for ten days: far past the 20-minute idle and 12-hour absolute timeouts, inside 1.5 × a week.
        host.Clock.Advance(TimeSpan.FromDays(10));
        Assert.Equal("ann", await host.GetStringAsync("/get/user", kept));
        Assert.Equal("(null)", await host.GetStringAsync("/get/user", other));

        // Unused for longer than its own window: gone.
        var stale = kept.Clone();
        host.Clock.Advance(TimeSpan.FromDays(11));
        Assert.Equal("(null)", await host.GetStringAsync("/get/user", stale));
    }

    [Fact]
    public async Task A_persistent_cookie_left_unused_for_most_of_its_window_still_opens_its_data_key()
    {
        // The envelope data key that sealed it must outlive the longest persistent window (30 days × 1.5), not 30 minutes.
        await using var host = await StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/user/ann", jar);
        await host.GetStringAsync("/persist/" + (int)TimeSpan.FromDays(30).TotalSeconds, jar);

        host.Clock.Advance(TimeSpan.FromDays(29));

        Assert.Equal("ann", await host.GetStringAsync("/get/user", jar));
    }

    [Fact]
    public async Task A_persistent_session_ends_MaxPersistentLifetime_after_SetPersistent_however_active()
    {
        await using var host = await StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/user/ann", jar);
        await host.GetStringAsync("/persist/" + (int)Week.TotalSeconds, jar);

        for (var day = 0; day < 29; day++)
        {
            host.Clock.Advance(TimeSpan.FromDays(1));
            Assert.Equal("ann", await host.GetStringAsync("/get/user", jar));
        }

        host.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        Assert.Equal("(null)", await host.GetStringAsync("/get/user", jar));
    }

    [Fact]
    public async Task SetPersistent_regenerates_the_id_and_the_lineage_stays()
    {
        await using var host = await StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/user/ann", jar);
        var before = await host.GetStringAsync("/id", jar);
        var planted = jar.Clone();

        await host.GetStringAsync("/persist/3600", jar);
        var after = await host.GetStringAsync("/id", jar);

        Assert.NotEqual(before, after);
        Assert.Equal("3600", await host.GetStringAsync("/persistent", jar));
        Assert.Equal(Start.ToString("O", CultureInfo.InvariantCulture), await host.GetStringAsync("/persistent-since", jar));
        Assert.Equal("no", await host.GetStringAsync("/persistent", planted));
    }

    [Fact]
    public async Task SetPersistent_null_writes_browser_session_cookies_again_under_the_configured_limits()
    {
        await using var host = await StartAsync(o => o.ChunkSize = 1024);
        var jar = new CookieJar();
        await host.GetStringAsync("/fill/2", jar);
        await host.GetStringAsync("/persist/" + (int)Week.TotalSeconds, jar);
        var persistentId = await host.GetStringAsync("/id", jar);

        var cookies = await SetCookiesAsync(host, "/unpersist", jar);

        Assert.NotEmpty(cookies);
        Assert.All(cookies.Where(c => c.Expires != DateTimeOffset.UnixEpoch), c =>
        {
            Assert.Null(c.Expires);
            Assert.Null(c.MaxAge);
        });
        Assert.Equal("no", await host.GetStringAsync("/persistent", jar));
        Assert.NotEqual(persistentId, await host.GetStringAsync("/id", jar));
        Assert.Equal("2048", await host.GetStringAsync("/bloblength", jar));

        // Back under the 20-minute idle timeout (valid 30 minutes unused).
        host.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal("0", await host.GetStringAsync("/bloblength", jar));
    }

    [Fact]
    public async Task Un_persisting_never_lengthens_a_session_beyond_its_persistent_limit()
    {
        await using var host = await StartAsync(o => o.MaxPersistentLifetime = TimeSpan.FromDays(2));
        var jar = new CookieJar();
        await host.GetStringAsync("/set/user/ann", jar);
        await host.GetStringAsync("/persist/" + (int)TimeSpan.FromDays(1).TotalSeconds, jar);

        // Two hours before the persistent limit: un-persisted, it keeps those two hours, not AbsoluteTimeout's twelve.
        for (var hour = 0; hour < 46; hour += 10)
        {
            host.Clock.Advance(TimeSpan.FromHours(Math.Min(10, 46 - hour)));
            Assert.Equal("ann", await host.GetStringAsync("/get/user", jar));
        }

        await host.GetStringAsync("/unpersist", jar);
        host.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal("ann", await host.GetStringAsync("/get/user", jar));
        for (var step = 0; step < 8; step++)
        {
            host.Clock.Advance(TimeSpan.FromMinutes(15));
            await host.GetStringAsync("/get/user", jar);
        }

        Assert.Equal("(null)", await host.GetStringAsync("/get/user", jar));
    }

    [Fact]
    public async Task Abandon_expires_every_chunk_of_a_persistent_session()
    {
        await using var host = await StartAsync(o => o.ChunkSize = 1024);
        var jar = new CookieJar();
        await host.GetStringAsync("/fill/2", jar);
        await host.GetStringAsync("/persist/3600", jar);
        var names = jar.Cookies.Keys.ToList();
        Assert.True(names.Count >= 3);

        var cookies = await SetCookiesAsync(host, "/abandon", jar);

        Assert.All(names, name => Assert.Contains(cookies, c => c.Name == name && c.Expires == DateTimeOffset.UnixEpoch));
        Assert.Empty(jar.Cookies);
    }

    [Fact]
    public async Task Turning_persistence_off_ends_the_persistent_sessions_it_would_have_kept_and_writes_browser_session_cookies()
    {
        var keys = Directory.CreateTempSubdirectory("cookiestate-keys-").FullName;
        var clock = new FakeTimeProvider(Start);
        var jar = new CookieJar();
        await using (var on = await SessionTestHost.StartAsync(o => o.MaxPersistentLifetime = TimeSpan.FromDays(30), Endpoints, keyDirectory: keys, clock: clock))
        {
            await on.GetStringAsync("/set/user/ann", jar);
            await on.GetStringAsync("/persist/" + (int)Week.TotalSeconds, jar);
        }

        await using var off = await SessionTestHost.StartAsync(_ => { }, Endpoints, keyDirectory: keys, clock: clock);
        var early = jar.Clone();
        clock.Advance(TimeSpan.FromMinutes(11));
        var cookies = await SetCookiesAsync(off, "/get/user", early);
        Assert.Equal("no", await off.GetStringAsync("/persistent", early));
        Assert.All(cookies, c => Assert.Null(c.Expires));

        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal("(null)", await off.GetStringAsync("/get/user", jar));
    }

    [Theory]
    [InlineData("Production", false, true)]
    [InlineData("Production", true, false)]
    [InlineData("Development", false, false)]
    public async Task Persistence_without_revocation_is_warned_about_outside_Development(string environment, bool revocation, bool warned)
    {
        await using var host = await StartAsync(services: s =>
        {
            s.AddSingleton<IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = environment });
            if (revocation)
            {
                s.AddDistributedMemoryCache();
                s.AddCookieStateRevocation();
            }
        });

        Assert.Equal(warned, host.Logs.Entries.Any(e => e.EventId.Id == CookieStateEventIds.PersistentSessionsWithoutRevocation));
    }
}
