using CookieState.Diagnostics;
using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests;

public sealed class KeyRotationTests
{
    // Later than the first key's activation (which may be this same second), within Data Protection's 5-minute clock skew.
    private static DateTimeOffset NewKeyActivation() => DateTimeOffset.UtcNow.AddMinutes(1);

    private static Task<SessionTestHost> StartNodeAsync(string keys) =>
        SessionTestHost.StartAsync(
            keyDirectory: keys,
            endpoints: e => e.MapGet("/keyid", (HttpContext c) => c.Features.Get<ICookieStateFeature>()!.Inspect().KeyId ?? "(none)"));

    [Fact]
    public async Task Cookie_sealed_under_an_old_key_is_read_and_resealed_under_the_new_default_key()
    {
        var keys = Directory.CreateTempSubdirectory("cookiestate-rotation-").FullName;
        await using var before = await StartNodeAsync(keys);
        var jar = new CookieJar();
        await before.GetStringAsync("/set/cart/3", jar);
        var oldKey = await before.GetStringAsync("/keyid", jar);

        var keyManager = before.Services.GetRequiredService<IKeyManager>();
        var newKey = keyManager.CreateNewKey(NewKeyActivation(), DateTimeOffset.UtcNow.AddDays(90));

        // A node that starts after the new key became the default, as after the propagation window.
        await using var after = await StartNodeAsync(keys);
        Assert.Equal("3", await after.GetStringAsync("/get/cart", jar));
        Assert.Equal(oldKey, await after.GetStringAsync("/keyid", jar));
        Assert.Contains(after.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.SealedWithOldKey);

        await after.GetStringAsync("/set/cart/4", jar);

        Assert.Equal(newKey.KeyId.ToString(), await after.GetStringAsync("/keyid", jar));
        Assert.NotEqual(oldKey, newKey.KeyId.ToString());
        Assert.Equal("4", await before.GetStringAsync("/get/cart", jar));
    }

    [Fact]
    public async Task Sliding_refresh_also_reseals_under_the_new_default_key()
    {
        var keys = Directory.CreateTempSubdirectory("cookiestate-rotation-").FullName;
        await using var before = await StartNodeAsync(keys);
        var jar = new CookieJar();
        await before.GetStringAsync("/set/cart/3", jar);
        var newKey = before.Services.GetRequiredService<IKeyManager>()
            .CreateNewKey(NewKeyActivation(), DateTimeOffset.UtcNow.AddDays(90));
        await using var after = await StartNodeAsync(keys);

        after.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal("3", await after.GetStringAsync("/get/cart", jar));

        Assert.Equal(newKey.KeyId.ToString(), await after.GetStringAsync("/keyid", jar));
    }
}
