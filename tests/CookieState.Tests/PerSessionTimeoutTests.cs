using System.Globalization;
using CookieState.Cookies;
using CookieState.Protection;
using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests;

/// <summary>Classic ASP's <c>Session.Timeout</c> for one session, sealed into the cookie so that every node enforces it.</summary>
public sealed class PerSessionTimeoutTests
{
    private static void Endpoints(IEndpointRouteBuilder e)
    {
        e.MapGet("/timeout/{seconds:int}", (HttpContext c, int seconds) =>
        {
            try
            {
                c.Session.SetIdleTimeout(TimeSpan.FromSeconds(seconds));
                return "ok";
            }
            catch (ArgumentOutOfRangeException)
            {
                return "refused";
            }
        });
        e.MapGet("/timeout", (HttpContext c) => c.Session.GetIdleTimeout().TotalSeconds.ToString(CultureInfo.InvariantCulture));
        e.MapGet("/inspect-timeout", (HttpContext c) =>
        {
            var info = c.Features.Get<ICookieStateFeature>()!.Inspect();
            return $"{info.IdleTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}|{info.HasOwnIdleTimeout}|{info.IdleExpiresAt:O}";
        });
    }

    private static Task<SessionTestHost> StartAsync(Action<CookieStateOptions>? configure = null, string? keyDirectory = null) =>
        SessionTestHost.StartAsync(configure ?? (_ => { }), Endpoints, keyDirectory: keyDirectory);

    [Fact]
    public async Task A_session_set_to_one_minute_expires_after_its_90_second_window_while_another_keeps_20_minutes()
    {
        await using var host = await StartAsync();
        var kiosk = new CookieJar();
        var desk = new CookieJar();
        await host.GetStringAsync("/set/user/kiosk", kiosk);
        await host.GetStringAsync("/set/user/desk", desk);
        Assert.Equal("ok", await host.GetStringAsync("/timeout/60", kiosk));

        // Valid for one minute × (1 + ½) after it was sealed.
        host.Clock.Advance(TimeSpan.FromSeconds(91));

        Assert.Equal("(null)", await host.GetStringAsync("/get/user", kiosk));
        Assert.Equal("desk", await host.GetStringAsync("/get/user", desk));
        Assert.Equal("1200", await host.GetStringAsync("/timeout", desk));
    }

    [Fact]
    public async Task Setting_the_timeout_is_a_change_of_one_set_cookie_and_setting_it_again_is_none()
    {
        await using var host = await StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);

        using (var first = await host.GetAsync("/timeout/300", jar))
        {
            Assert.Single(first.Headers.GetValues("Set-Cookie"));
        }

        using (var again = await host.GetAsync("/timeout/300", jar))
        {
            Assert.False(again.Headers.Contains("Set-Cookie"));
        }

        Assert.Equal("300", await host.GetStringAsync("/timeout", jar));
    }

    [Fact]
    public async Task The_shorter_timeout_also_slides_sooner_and_survives_being_used()
    {
        await using var host = await StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);
        await host.GetStringAsync("/timeout/60", jar);

        // Past half of the session's own minute, a request that uses the session re-issues it...
        host.Clock.Advance(TimeSpan.FromSeconds(40));
        using (var refreshed = await host.GetAsync("/get/a", jar))
        {
            Assert.Single(refreshed.Headers.GetValues("Set-Cookie"));
        }

        // ...so it lives 60 s past that request, not past the first.
        host.Clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal("1", await host.GetStringAsync("/get/a", jar));
        Assert.Equal("60", await host.GetStringAsync("/timeout", jar));
    }

    [Fact]
    public async Task By_default_app_code_can_only_shorten_it_and_a_configured_maximum_allows_longer()
    {
        await using var strict = await StartAsync();
        await using var lenient = await StartAsync(o => o.MaxIdleTimeout = TimeSpan.FromHours(1));
        var jar = new CookieJar();
        var other = new CookieJar();
        await strict.GetStringAsync("/set/a/1", jar);
        await lenient.GetStringAsync("/set/a/1", other);

        Assert.Equal("refused", await strict.GetStringAsync("/timeout/1260", jar));
        Assert.Equal("ok", await lenient.GetStringAsync("/timeout/3600", other));
        Assert.Equal("refused", await lenient.GetStringAsync("/timeout/3601", other));

        lenient.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal("1", await lenient.GetStringAsync("/get/a", other));
    }

    [Fact]
    public async Task A_maximum_beyond_the_absolute_timeout_is_refused_at_startup()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            StartAsync(o => o.MaxIdleTimeout = o.AbsoluteTimeout + TimeSpan.FromMinutes(1)));

        Assert.Contains("MaxIdleTimeout", error.Message);
    }

    [Fact]
    public async Task Every_node_enforces_it_because_it_travels_sealed_in_the_cookie()
    {
        var keys = Directory.CreateTempSubdirectory("cookiestate-shared-").FullName;
        await using var nodeA = await StartAsync(keyDirectory: keys);
        await using var nodeB = await StartAsync(keyDirectory: keys);
        var jar = new CookieJar();
        await nodeA.GetStringAsync("/set/a/1", jar);
        await nodeA.GetStringAsync("/timeout/120", jar);

        Assert.Equal("120|True|", (await nodeB.GetStringAsync("/inspect-timeout", jar))[..9]);
        nodeB.Clock.Advance(TimeSpan.FromSeconds(181));
        Assert.Equal("(null)", await nodeB.GetStringAsync("/get/a", jar));
    }

    [Theory]
    [InlineData(CookieStateFormat.Envelope)]
    [InlineData(CookieStateFormat.DataProtection)]
    public async Task Nodes_writing_either_format_carry_the_timeout(CookieStateFormat format)
    {
        var keys = Directory.CreateTempSubdirectory("cookiestate-shared-").FullName;
        await using var writer = await StartAsync(o => o.Format = format, keys);
        await using var reader = await StartAsync(keyDirectory: keys);
        var jar = new CookieJar();
        await writer.GetStringAsync("/set/a/1", jar);
        await writer.GetStringAsync("/timeout/90", jar);

        Assert.Equal("90", await reader.GetStringAsync("/timeout", jar));
        Assert.Equal("a", await reader.GetStringAsync("/keys", jar));
    }

    [Fact]
    public async Task A_tampered_timeout_is_rejected_with_the_payload()
    {
        await using var host = await StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);
        await host.GetStringAsync("/timeout/60", jar);

        // AES-GCM encrypts by XOR with a key stream: flipping a ciphertext bit flips the same plaintext bit. Aim at the
        // timeout's byte (offset 33 of the state: version, id, created, issued) to lengthen it without the key.
        var cookie = jar[".CookieState"]!;
        var blob = System.Buffers.Text.Base64Url.DecodeFromChars(cookie.AsSpan(3));
        var wrappedLength = (blob[6] << 8) | blob[7];
        var ciphertextStart = 8 + wrappedLength + 12;
        blob[ciphertextStart + 33] ^= 0x7F;
        jar[".CookieState"] = "E1." + System.Buffers.Text.Base64Url.EncodeToString(blob);

        host.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("(null)", await host.GetStringAsync("/get/a", jar));
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == CookieState.Diagnostics.CookieStateEventIds.CookieRejected && e.Message.Contains("Tampered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_inspector_shows_the_sessions_own_timeout_and_its_expiry()
    {
        await using var host = await StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);
        var before = (await host.GetStringAsync("/inspect-timeout", jar)).Split('|');
        await host.GetStringAsync("/timeout/300", jar);
        var after = (await host.GetStringAsync("/inspect-timeout", jar)).Split('|');

        Assert.Equal(["1200", "False"], before[..2]);
        Assert.Equal(["300", "True"], after[..2]);
        Assert.Equal(host.Clock.GetUtcNow() + TimeSpan.FromMinutes(7.5), DateTimeOffset.Parse(after[2], CultureInfo.InvariantCulture));
    }
}
