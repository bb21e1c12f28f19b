using System.Net;
using CookieState.Tests.Infrastructure;
using CookieState.Tests.Security;

namespace CookieState.Tests.HostileInput;

/// <summary>Cookie sets an attacker (or a sibling subdomain) can plant: junk chunk names, case variants, duplicates, encodings.</summary>
public sealed class HostileCookieSetTests
{
    [Fact]
    public async Task Fifteen_hundred_junk_chunk_cookies_cost_bounded_work_and_no_deletions_of_names_we_never_write()
    {
        await using var host = await SecurityHost.StartAsync();
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/a/1", jar);
        var junk = string.Join("; ", Enumerable.Range(2, 1500).Select(i => $".CookieStateC{i}=x"));
        host.Events.Clear();

        using var response = await host.SendRawAsync("/set/a/2", RequestCookie.Header(jar.Cookies.Select(c => new RequestCookie(c.Key, c.Value))) + "; " + junk);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var setCookies = response.Headers.GetValues("Set-Cookie").ToArray();

        // C2 … C16 (the configured chunk limit) are names we could have written: the set is rejected as mismatched chunks
        // and only those are expired. C17 … C1501 are not ours and are never touched.
        Assert.InRange(setCookies.Length, 1, host.Options.MaxChunkCount);
        Assert.DoesNotContain(setCookies, h => h.StartsWith(".CookieStateC17=", StringComparison.Ordinal));
        Assert.Equal(["Rejected:ChunkMismatch", "Started"], host.Events);
        Assert.True(setCookies.Sum(h => h.Length) < 4 * 1024, $"{setCookies.Sum(h => h.Length)} characters of Set-Cookie");
    }

    [Fact]
    public async Task Junk_cookies_beyond_the_chunk_limit_do_not_disturb_a_valid_session()
    {
        await using var host = await SecurityHost.StartAsync();
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/a/1", jar);
        var junk = string.Join("; ", Enumerable.Range(17, 500).Select(i => $".CookieStateC{i}=x"));
        host.Events.Clear();

        using var response = await host.SendRawAsync("/get/a", RequestCookie.Header(jar.Cookies.Select(c => new RequestCookie(c.Key, c.Value))) + "; " + junk);

        Assert.Equal("1", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Empty(host.Events);
    }

    [Theory]
    [InlineData(".COOKIESTATE")]
    [InlineData(".cookiestate")]
    [InlineData(".CookieStatec2")]
    public async Task A_case_variant_of_one_of_our_names_is_ignored_and_never_replaces_the_real_cookie(string plantedName)
    {
        await using var host = await SecurityHost.StartAsync();
        var victim = new CookieJar();
        var attacker = new CookieJar();
        await host.Host.GetStringAsync("/set/user/victim", victim);
        await host.Host.GetStringAsync("/set/user/attacker", attacker);

        // A sibling subdomain plants the attacker's sealed cookie under a case variant, in front of the real one.
        var header = $"{plantedName}={attacker[".CookieState"]}; .CookieState={victim[".CookieState"]}";
        host.Events.Clear();
        using var response = await host.SendRawAsync("/get/user", header);

        // Ignored like a planted duplicate (issue 19): before, it rejected the set, so a planter could sign the victim out.
        Assert.Equal("victim", await response.Content.ReadAsStringAsync());
        Assert.Empty(host.Events);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task A_duplicate_session_cookie_of_two_valid_sessions_reads_neither_whichever_comes_first()
    {
        await using var host = await SecurityHost.StartAsync();
        var first = new CookieJar();
        var second = new CookieJar();
        await host.Host.GetStringAsync("/set/user/first", first);
        await host.Host.GetStringAsync("/set/user/second", second);

        host.Events.Clear();
        using var response = await host.SendRawAsync("/get/user", $".CookieState={first[".CookieState"]}; .CookieState={second[".CookieState"]}");

        // Two valid sessions: the session is unavailable for the request (issue 19), and no cookie is deleted.
        Assert.Equal("(null)", await response.Content.ReadAsStringAsync());
        Assert.Empty(host.Events);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Values_are_taken_verbatim_so_a_percent_encoded_character_is_not_the_character()
    {
        await using var host = await SecurityHost.StartAsync();
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/user/alice", jar);
        var value = jar[".CookieState"]!;

        // Request.Cookies would decode "%41" to "A"; the raw reader sees three characters that are not base64url.
        var encoded = value[..10] + "%" + Convert.ToHexString([(byte)value[10]]) + value[11..];
        host.Events.Clear();
        using var response = await host.SendRawAsync("/get/user", ".CookieState=" + encoded);

        Assert.Equal("(null)", await response.Content.ReadAsStringAsync());
        Assert.Equal(["Rejected:Malformed"], host.Events);
    }
}
