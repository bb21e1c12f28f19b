using CookieState.Tests.Infrastructure;
using CookieState.Tests.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CookieState.Tests.HostileInput;

/// <summary>
/// Cookie tossing, black box: a sibling subdomain (or a plain-HTTP attacker before HSTS) plants cookies under our names
/// with <c>Domain=</c>, and the browser sends them beside the genuine ones in an order the planter controls. Raw
/// <c>Cookie</c> headers through TestServer.
/// </summary>
public sealed class CookieTossingTests
{
    private static void Endpoints(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder e)
    {
        e.MapGet("/available", (HttpContext c) =>
        {
            c.Session.LoadAsync().GetAwaiter().GetResult();
            return c.Session.IsAvailable ? "yes" : "no";
        });
        e.MapGet("/try-set", (HttpContext c) =>
        {
            try
            {
                c.Session.SetString("user", "changed");
                return "changed";
            }
            catch (CookieStateUnavailableException)
            {
                return "unavailable";
            }
        });
    }

    private static Task<SecurityHost> StartAsync(Action<CookieStateOptions>? configure = null) =>
        SecurityHost.StartAsync(configure, endpoints: Endpoints);

    private static async Task<(string Body, bool SetsCookies)> SendAsync(SecurityHost host, string path, string header)
    {
        using var response = await host.SendRawAsync(path, header);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync(), response.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData(true, "junk")]
    [InlineData(false, "junk")]
    [InlineData(true, "E1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData(false, "E1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData(true, "")]
    [InlineData(false, "1.AAAAAAAA.AAAA")]
    public async Task A_junk_duplicate_of_the_session_cookie_in_either_order_leaves_the_session_readable_and_deletes_nothing(bool plantedFirst, string junk)
    {
        await using var host = await StartAsync();
        var victim = new CookieJar();
        await host.Host.GetStringAsync("/set/user/victim", victim);
        var genuine = $".CookieState={victim[".CookieState"]}";
        var planted = $".CookieState={junk}";
        host.Events.Clear();

        var (body, setsCookies) = await SendAsync(host, "/get/user", plantedFirst ? $"{planted}; {genuine}" : $"{genuine}; {planted}");

        Assert.Equal("victim", body);
        Assert.False(setsCookies);
        Assert.Empty(host.Events);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_junk_duplicate_of_a_chunk_in_either_order_leaves_the_session_readable_and_deletes_nothing(bool plantedFirst)
    {
        await using var host = await StartAsync(SecurityHost.ManySmallChunks);
        var victim = new CookieJar();
        await host.Host.GetStringAsync("/try-text/2", victim);
        Assert.NotNull(victim[".CookieStateC2"]);
        var length = await host.Host.GetStringAsync("/textlength", victim);
        Assert.NotEqual("0", length);
        var cookies = victim.Cookies.Select(c => $"{c.Key}={c.Value}").ToList();
        var planted = $".CookieStateC2=2.AAAAAAAA.{new string('A', 200)}";
        cookies.Insert(plantedFirst ? 0 : cookies.Count, planted);
        host.Events.Clear();

        var (body, setsCookies) = await SendAsync(host, "/textlength", string.Join("; ", cookies));

        Assert.Equal(length, body);
        Assert.False(setsCookies);
        Assert.Empty(host.Events);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Two_valid_sessions_under_one_name_make_the_session_unavailable_and_delete_nothing(bool attackerFirst)
    {
        await using var host = await StartAsync();
        var victim = new CookieJar();
        var attacker = new CookieJar();
        await host.Host.GetStringAsync("/set/user/victim", victim);
        await host.Host.GetStringAsync("/set/user/attacker", attacker);
        var (first, second) = attackerFirst ? (attacker, victim) : (victim, attacker);
        var header = $".CookieState={first[".CookieState"]}; .CookieState={second[".CookieState"]}";
        host.Events.Clear();

        Assert.Equal(("no", false), await SendAsync(host, "/available", header));
        Assert.Equal(("(null)", false), await SendAsync(host, "/get/user", header));
        Assert.Equal(("unavailable", false), await SendAsync(host, "/try-set", header));
        Assert.Empty(host.Events);
    }

    [Fact]
    public async Task An_expired_session_beside_a_junk_duplicate_is_not_deleted_and_a_new_one_is_written_without_deletions()
    {
        await using var host = await StartAsync(o => o.IdleTimeout = TimeSpan.FromMinutes(1));
        var victim = new CookieJar();
        await host.Host.GetStringAsync("/set/user/victim", victim);
        host.Host.Clock.Advance(TimeSpan.FromHours(1));
        var header = $".CookieState=junk; .CookieState={victim[".CookieState"]}";

        var (body, setsCookies) = await SendAsync(host, "/get/user", header);
        Assert.Equal("(null)", body);
        Assert.False(setsCookies);

        using var written = await host.SendRawAsync("/set/user/again", header);
        var setCookies = written.Headers.GetValues("Set-Cookie").ToList();
        Assert.Single(setCookies);
        Assert.DoesNotContain("expires=Thu, 01 Jan 1970", setCookies[0], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_4_KB_junk_duplicate_no_longer_makes_the_set_oversized()
    {
        await using var host = await StartAsync();
        var victim = new CookieJar();
        await host.Host.GetStringAsync("/set/user/victim", victim);
        var planted = $".CookieState=E1.{new string('A', 4096)}";
        host.Events.Clear();

        var (body, setsCookies) = await SendAsync(host, "/get/user", $"{planted}; .CookieState={victim[".CookieState"]}");

        Assert.Equal("victim", body);
        Assert.False(setsCookies);
        Assert.Empty(host.Events);
    }

    [Fact]
    public async Task More_planted_values_than_candidates_read_none_and_delete_nothing()
    {
        await using var host = await StartAsync();
        var victim = new CookieJar();
        await host.Host.GetStringAsync("/set/user/victim", victim);
        var header = $".CookieState=a; .CookieState=b; .CookieState=c; .CookieState={victim[".CookieState"]}";
        host.Events.Clear();

        var (body, setsCookies) = await SendAsync(host, "/get/user", header);

        Assert.Equal("(null)", body);
        Assert.False(setsCookies);
        Assert.Equal(["Rejected:ChunkMismatch"], host.Events);
    }
}
