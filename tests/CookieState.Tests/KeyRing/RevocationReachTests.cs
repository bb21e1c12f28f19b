using System.Diagnostics;
using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests.KeyRing;

/// <summary>
/// A Data Protection key revoked on one node is refused on every node within twice <c>Envelope.DataKeyCacheLifetime</c>,
/// including the node whose own data key it wraps, without a key store read per request (issue 21, item 1).
/// </summary>
public sealed class RevocationReachTests
{
    private static readonly TimeSpan CacheLifetime = new CookieStateEnvelopeOptions().DataKeyCacheLifetime;

    [Fact]
    public async Task A_key_revoked_on_one_node_is_refused_on_the_other_after_the_data_key_cache_lifetime()
    {
        await using var farm = await KeyRingFarm.StartAsync();
        await farm.WarmUpAsync();
        var jar = new CookieJar();
        Assert.Equal("ok", await farm.A.GetStringAsync("/set/cart/3", jar));
        Assert.Equal("3", await farm.B.GetStringAsync("/get/cart", jar.Clone()));

        farm.A.Services.GetRequiredService<IKeyManager>().RevokeKey(DataProtectionInternals.CurrentDefaultKeyId(farm.A.Services), "compromised");

        // B still holds the unwrapped data key and its cached ring.
        Assert.Equal("3", await farm.B.GetStringAsync("/get/cart", jar.Clone()));

        farm.Clock.Advance(CacheLifetime);
        var reads = farm.StoreReadsOnB.Reads;
        Assert.True(await EventuallyAsync(async () => await farm.B.GetStringAsync("/get/cart", jar.Clone()) == "(null)"),
            "B kept accepting a cookie whose wrapping key was revoked.");

        // One recheck per interval, not one store read per request.
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("(null)", await farm.B.GetStringAsync("/get/cart", jar.Clone()));
        }

        Assert.InRange(farm.StoreReadsOnB.Reads - reads, 1, 3);
    }

    [Fact]
    public async Task The_node_whose_data_key_the_revoked_key_wraps_stops_accepting_and_sealing_with_it()
    {
        await using var farm = await KeyRingFarm.StartAsync();
        await farm.WarmUpAsync();
        var jar = new CookieJar();
        Assert.Equal("ok", await farm.A.GetStringAsync("/set/cart/3", jar));

        // Revoked on the other node: A learns of it only through its ring.
        farm.B.Services.GetRequiredService<IKeyManager>().RevokeKey(DataProtectionInternals.CurrentDefaultKeyId(farm.B.Services), "compromised");
        Assert.Equal("3", await farm.A.GetStringAsync("/get/cart", jar.Clone()));

        farm.Clock.Advance(CacheLifetime);
        Assert.True(await EventuallyAsync(async () => await farm.A.GetStringAsync("/get/cart", jar.Clone()) == "(null)"),
            "A kept accepting its own cookie whose data key's wrapping key was revoked.");

        // What A seals now is under a key B accepts: not the revoked one.
        var fresh = new CookieJar();
        Assert.Equal("ok", await farm.A.GetStringAsync("/set/cart/4", fresh));
        Assert.True(await EventuallyAsync(async () => await farm.B.GetStringAsync("/get/cart", fresh.Clone()) == "4"));
    }

    /// <summary>Data Protection rebuilds its ring on the thread pool after a reload request; poll, bounded, no fixed sleep.</summary>
    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(10))
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }
}
