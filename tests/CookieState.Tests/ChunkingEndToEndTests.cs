using System.Net;
using CookieState.Tests.Infrastructure;

namespace CookieState.Tests;

public sealed class ChunkingEndToEndTests
{
    private static Task<SessionTestHost> StartLargeHostAsync(Action<CookieStateOptions>? more = null) =>
        SessionTestHost.StartAsync(o =>
        {
            o.MaxCookieSize = 64 * 1024;
            more?.Invoke(o);
        });

    [Fact]
    public async Task Forty_kilobytes_round_trip_across_chunks_and_shrink_back_to_one_cookie()
    {
        await using var host = await StartLargeHostAsync();
        var jar = new CookieJar();

        using (var grow = await host.GetAsync("/fill/40", jar))
        {
            var setCookies = grow.Headers.GetValues("Set-Cookie").ToArray();
            Assert.True(setCookies.Length > 10, $"expected many chunks, got {setCookies.Length}");
            Assert.All(setCookies, line => Assert.True(line.Length <= new CookieStateOptions().ChunkSize, $"Set-Cookie line of {line.Length}"));
        }

        var chunkNames = jar.Cookies.Keys.ToArray();
        Assert.Contains(".CookieState", chunkNames);
        Assert.Contains(".CookieStateC2", chunkNames);
        Assert.Equal((40 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), await host.GetStringAsync("/bloblength", jar));

        using (var shrink = await host.GetAsync("/remove/blob", jar))
        {
            var lines = shrink.Headers.GetValues("Set-Cookie").ToArray();
            var expired = lines.Where(l => l.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)).ToArray();
            Assert.Equal(chunkNames.Length - 1, expired.Length);
        }

        Assert.Equal([".CookieState"], jar.Cookies.Keys.ToArray());
        Assert.Equal("0", await host.GetStringAsync("/bloblength", jar));
    }

    [Fact]
    public async Task Chunks_grow_and_shrink_between_sizes()
    {
        await using var host = await StartLargeHostAsync();
        var jar = new CookieJar();

        await host.GetStringAsync("/fill/20", jar);
        var twenty = jar.Cookies.Count;
        await host.GetStringAsync("/fill/8", jar);
        var eight = jar.Cookies.Count;
        await host.GetStringAsync("/fill/30", jar);

        Assert.True(eight < twenty);
        Assert.Equal("30720", await host.GetStringAsync("/bloblength", jar));
        Assert.Equal(Enumerable.Range(1, jar.Cookies.Count).Select(i => i == 1 ? ".CookieState" : $".CookieStateC{i}").Order(), jar.Cookies.Keys.Order());
    }

    [Fact]
    public async Task A_one_character_change_in_any_chunk_gives_an_empty_session_and_200()
    {
        await using var host = await StartLargeHostAsync();
        var original = new CookieJar();
        await host.GetStringAsync("/fill/12", original);
        await host.GetStringAsync("/set/name/value", original);

        foreach (var name in original.Cookies.Keys.ToArray())
        {
            var value = original[name]!;
            foreach (var position in new[] { value.Length - 1, value.Length / 2, 12 })
            {
                var jar = original.Clone();
                var chars = value.ToCharArray();
                chars[position] = chars[position] == 'A' ? 'B' : 'A';
                jar[name] = new string(chars);

                using var response = await host.GetAsync("/get/name", jar);

                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("(null)", await response.Content.ReadAsStringAsync());
                Assert.Empty(jar.Cookies);
            }
        }

        Assert.Equal("value", await host.GetStringAsync("/get/name", original));
    }

    [Fact]
    public async Task Missing_extra_reordered_and_mixed_chunks_are_rejected()
    {
        var rejections = new List<CookieStateRejectionReason>();
        await using var host = await StartLargeHostAsync(o => o.Events.OnRejected = c =>
        {
            rejections.Add(c.Reason);
            return Task.CompletedTask;
        });
        var first = new CookieJar();
        await host.GetStringAsync("/fill/10", first);
        var second = new CookieJar();
        await host.GetStringAsync("/fill/10", second);
        Assert.True(first.Cookies.Count >= 3);

        var missing = first.Clone();
        missing[".CookieStateC2"] = null;
        var extra = first.Clone();
        extra[$".CookieStateC{first.Cookies.Count + 1}"] = first[".CookieStateC2"];
        var reordered = first.Clone();
        (reordered[".CookieStateC2"], reordered[".CookieStateC3"]) = (first[".CookieStateC3"], first[".CookieStateC2"]);
        var mixed = first.Clone();
        mixed[".CookieStateC2"] = second[".CookieStateC2"];

        foreach (var jar in new[] { missing, extra, reordered, mixed })
        {
            Assert.Equal("0", await host.GetStringAsync("/bloblength", jar));
        }

        Assert.Equal(Enumerable.Repeat(CookieStateRejectionReason.ChunkMismatch, 4), rejections);
        Assert.Equal("10240", await host.GetStringAsync("/bloblength", first));
    }

    [Fact]
    public async Task A_claimed_chunk_count_above_the_cap_is_rejected_without_reading()
    {
        var rejections = new List<CookieStateRejectionReason>();
        await using var host = await SessionTestHost.StartAsync(o => o.Events.OnRejected = c =>
        {
            rejections.Add(c.Reason);
            return Task.CompletedTask;
        });
        var jar = new CookieJar { [".CookieState"] = "9999.AAAAAAAA.abc" };

        using var response = await host.GetAsync("/get/a", jar);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([CookieStateRejectionReason.Oversized], rejections);
    }

    [Fact]
    public async Task Every_set_cookie_line_respects_a_smaller_chunk_size_with_all_attributes()
    {
        await using var host = await SessionTestHost.StartAsync(o =>
        {
            o.ChunkSize = 1000;
            o.MaxCookieSize = 32 * 1024;
            o.Cookie.Domain = "example.test";
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.Always;
            o.Cookie.Extensions.Add("Partitioned");
        });
        var jar = new CookieJar();

        using var response = await host.GetAsync("/fill/8", jar);

        var lines = response.Headers.GetValues("Set-Cookie").ToArray();
        Assert.True(lines.Length >= 10);
        Assert.All(lines, l => Assert.InRange(l.Length, 1, 1000));
        Assert.All(lines, l => Assert.EndsWith("Partitioned", l));
        Assert.Contains(lines, l => l.Length > 980);
    }
}
