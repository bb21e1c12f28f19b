using CookieState.KeyPickup;
using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.KeyManagement.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests.KeyRing;

public sealed class ScheduledRotationTests
{
    private const int CookieRejectedEventId = 6;

    [Fact]
    public async Task Session_survives_the_scheduled_change_of_default_key_and_is_resealed_under_the_new_key()
    {
        // A key ring whose only key expires in an hour: Data Protection's own schedule makes the first node that loads it
        // create the successor, activating when the current key expires, long before it is needed.
        var folder = Directory.CreateTempSubdirectory("cookiestate-rotation-").FullName;
        var now = DateTimeOffset.UtcNow; // Data Protection's key dates are on the wall clock.
        var first = SeedKey(folder, now, now.AddHours(1));
        var offset = new ShiftedDefaultKeyResolver.Offset();
        await using var farm = await KeyRingFarm.StartAsync(keyDirectory: folder, services: s => ShiftedDefaultKeyResolver.Register(s, offset));
        await farm.WarmUpAsync();

        var keys = farm.A.Services.GetRequiredService<IKeyManager>().GetAllKeys();
        Assert.Equal(2, keys.Count);
        var successor = Assert.Single(keys, k => k.KeyId != first);
        Assert.Equal(now.AddHours(1), successor.ActivationDate);
        foreach (var node in new[] { farm.A, farm.B })
        {
            Assert.Equal(first, DataProtectionInternals.CurrentDefaultKeyId(node.Services));
            Assert.NotNull(node.Services.GetRequiredService<IKeyRingProvider>().GetCurrentKeyRing().GetAuthenticatedEncryptorByKeyId(successor.KeyId, out _));
        }

        var jar = new CookieJar();
        Assert.Equal("ok", await farm.A.GetStringAsync("/set/user/alice", jar));
        Assert.Equal(first, await KeyRingFarm.SealingKeyAsync(farm.B, jar));

        // The hour passes. Each node's cached ring expires with its default key and is rebuilt; here the rebuild is asked
        // for explicitly, and the default key is chosen an hour and a minute ahead.
        offset.Value = TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1);
        foreach (var node in new[] { farm.A, farm.B })
        {
            _ = ((RefreshableKeyManager)node.Services.GetRequiredService<IKeyManager>()).RequestReload();
            DataProtectionInternals.WaitForDefaultKey(node.Services, successor.KeyId);
        }

        // Node B reads the cookie sealed under the old (expired, not revoked) key and re-seals it under the new one at the
        // next write; node A reads that.
        Assert.Equal("alice", await farm.B.GetStringAsync("/get/user", jar));
        Assert.Equal(first, await KeyRingFarm.SealingKeyAsync(farm.B, jar));
        Assert.Equal("ok", await farm.B.GetStringAsync("/set/user/bob", jar));
        Assert.Equal(successor.KeyId, await KeyRingFarm.SealingKeyAsync(farm.A, jar));
        Assert.Equal("bob", await farm.A.GetStringAsync("/get/user", jar));
        Assert.Equal("bob", await farm.B.GetStringAsync("/get/user", jar));

        Assert.DoesNotContain(farm.A.Logs.Entries.Concat(farm.B.Logs.Entries), e => e.EventId.Id == CookieRejectedEventId);
    }

    private static Guid SeedKey(string folder, DateTimeOffset activation, DateTimeOffset expiration)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(folder));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IKeyManager>().CreateNewKey(activation, expiration).KeyId;
    }
}
