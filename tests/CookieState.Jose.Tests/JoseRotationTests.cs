using CookieState.Diagnostics;
using CookieState.Tests.Infrastructure;
using CookieState.Tests.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CookieState.Jose.Tests;

/// <summary>
/// Key rotation end to end, as a farm rolls it out: nodes restarted with new configuration between requests, one browser.
/// </summary>
public sealed class JoseRotationTests
{
    private static Task<SecurityHost> StartNodeAsync(string? primary, FakeTimeProvider? clock = null, params CookieStateJoseKey[] keys) =>
        SecurityHost.StartAsync(
            services: s =>
            {
                JoseTestKeys.Use(s, primary: primary, keys: keys);
                if (clock is not null)
                {
                    s.AddSingleton<TimeProvider>(clock);
                }
            },
            endpoints: e => e.MapGet("/keyid", (HttpContext c) =>
            {
                var info = c.Features.Get<ICookieStateFeature>()!.Inspect();
                return $"{info.KeyId}|{info.SealedWithOldKey}";
            }));

    [Fact]
    public async Task Primary_changed_from_k1_to_k2_reads_the_old_cookie_reseals_it_with_k2_and_k1_removed_rejects_old_cookies()
    {
        var jar = new CookieJar();
        var stale = new CookieJar();

        // Phase 0: k1 only.
        await using (var node = await StartNodeAsync("k1", keys: JoseTestKeys.Key("k1", JoseTestKeys.K1)))
        {
            await node.Host.GetStringAsync("/set/cart/3", jar);
            await node.Host.GetStringAsync("/set/cart/3", stale);
        }

        Assert.Equal("k1", Kid(jar));

        // Phase 1: k2 added everywhere, k1 still primary: nothing changes for the client.
        await using (var node = await StartNodeAsync("k1", keys: [JoseTestKeys.Key("k1", JoseTestKeys.K1), JoseTestKeys.Key("k2", JoseTestKeys.K2)]))
        {
            Assert.Equal("3", await node.Host.GetStringAsync("/get/cart", jar));
            Assert.Equal("k1|False", await node.Host.GetStringAsync("/keyid", jar));
        }

        // Phase 2: k2 primary. The k1 cookie is read, flagged, and re-sealed with k2 at its next write.
        await using (var node = await StartNodeAsync("k2", keys: [JoseTestKeys.Key("k1", JoseTestKeys.K1), JoseTestKeys.Key("k2", JoseTestKeys.K2)]))
        {
            Assert.Equal("3", await node.Host.GetStringAsync("/get/cart", jar));
            Assert.Equal("k1|True", await node.Host.GetStringAsync("/keyid", jar));
            Assert.Contains(node.Host.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.SealedWithOldKey);
            Assert.Equal("k1", Kid(jar));

            await node.Host.GetStringAsync("/set/cart/4", jar);

            Assert.Equal("k2", Kid(jar));
            Assert.Equal("k2|False", await node.Host.GetStringAsync("/keyid", jar));
        }

        // Phase 3: k1 removed. The re-sealed cookie lives on; one still under k1 is rejected with a reason, and left in the
        // browser (a node that still has k1 may read it) until the session's next write replaces it.
        await using (var node = await StartNodeAsync("k2", keys: JoseTestKeys.Key("k2", JoseTestKeys.K2)))
        {
            Assert.Equal("4", await node.Host.GetStringAsync("/get/cart", jar));
            Assert.Equal("(null)", await node.Host.GetStringAsync("/get/cart", stale));
            Assert.Equal(["Rejected:UnknownKey"], node.Events.Where(e => e.StartsWith("Rejected", StringComparison.Ordinal)));
            Assert.Equal("k1", Kid(stale));
            Assert.Contains(node.Host.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.CookieRejected && e.Message.Contains("k1", StringComparison.Ordinal));

            await node.Host.GetStringAsync("/set/cart/1", stale);
            Assert.Equal("k2", Kid(stale));
        }
    }

    [Fact]
    public async Task A_retired_key_opens_until_its_NotAfter_and_is_rejected_from_then_on()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var jar = new CookieJar();
        await using (var node = await StartNodeAsync("k1", clock, JoseTestKeys.Key("k1", JoseTestKeys.K1)))
        {
            await node.Host.GetStringAsync("/set/cart/3", jar);
        }

        var retiredAt = clock.GetUtcNow().AddMinutes(10);
        await using var retiring = await StartNodeAsync("k2", clock, JoseTestKeys.Key("k1", JoseTestKeys.K1, notAfter: retiredAt), JoseTestKeys.Key("k2", JoseTestKeys.K2));
        var late = jar.Clone();

        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("3", await retiring.Host.GetStringAsync("/get/cart", jar));

        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal("(null)", await retiring.Host.GetStringAsync("/get/cart", late));
        Assert.Contains("Rejected:KeyRevoked", retiring.Events);
        Assert.Empty(late.Cookies);
    }

    [Fact]
    public async Task A_key_with_a_NotBefore_opens_nothing_until_then()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var token = JoseTokens.Jwe(
            JoseTokens.EncryptedHeader("k2"),
            JoseTokens.Claims(iat: clock.GetUtcNow().ToUnixTimeSeconds(), exp: clock.GetUtcNow().ToUnixTimeSeconds() + 3600),
            JoseTestKeys.K2);
        await using var node = await StartNodeAsync("k1", clock, JoseTestKeys.Key("k1", JoseTestKeys.K1), JoseTestKeys.Key("k2", JoseTestKeys.K2, notBefore: clock.GetUtcNow().AddMinutes(1)));

        Assert.Equal("(null)", await node.Host.GetStringAsync("/get/cart", new CookieJar { [".CookieState"] = token }));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("3", await node.Host.GetStringAsync("/get/cart", new CookieJar { [".CookieState"] = token }));
        Assert.Equal(["Rejected:KeyRevoked"], node.Events.Where(e => e.StartsWith("Rejected", StringComparison.Ordinal)));
    }

    /// <summary>The kid of the jar's token, from its protected header, which is readable without the key.</summary>
    private static string Kid(CookieJar jar)
    {
        var header = jar[".CookieState"]!.Split('.')[0];
        return System.Text.Json.JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(header)).RootElement.GetProperty("kid").GetString()!;
    }
}
