using System.Reflection;
using Microsoft.AspNetCore.DataProtection.KeyManagement.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests.KeyRing;

/// <summary>Test-only reach into Data Protection's key ring provider (net10: the internal KeyRingProvider).</summary>
public static class DataProtectionInternals
{
    /// <summary>
    /// Ends Data Protection's own unknown-key grace period (dotnet/aspnetcore#3975): for two minutes after the key ring provider
    /// is created it force-refreshes the ring on every unknown key id. It measures that window with DateTime.UtcNow, not the
    /// registered TimeProvider (see the test that advances the fake clock), so a test can only end it by setting the
    /// internal AutoRefreshWindowEnd property. Fails loudly if a Data Protection update renames it.
    /// </summary>
    public static void CloseAutoRefreshWindow(IServiceProvider services)
    {
        var provider = services.GetRequiredService<IKeyRingProvider>();
        var property = provider.GetType().GetProperty("AutoRefreshWindowEnd", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
        Assert.True(property is not null && property.PropertyType == typeof(DateTime),
            $"{provider.GetType().FullName} has no DateTime AutoRefreshWindowEnd; Data Protection changed, revisit these tests.");
        property.SetValue(provider, DateTime.MinValue);
        var inWindow = provider.GetType().GetMethod("InAutoRefreshWindow", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
        Assert.False((bool)inWindow!.Invoke(provider, null)!);
    }

    public static Guid CurrentDefaultKeyId(IServiceProvider services) =>
        services.GetRequiredService<IKeyRingProvider>().GetCurrentKeyRing().DefaultKeyId;

    /// <summary>
    /// Waits until the node's key ring uses <paramref name="keyId"/> as its default key. After a key ring change Data Protection
    /// rebuilds the ring on the thread pool and serves the stale one meanwhile, so this polls (bounded, no fixed sleep).
    /// </summary>
    public static void WaitForDefaultKey(IServiceProvider services, Guid keyId) =>
        Assert.True(
            SpinWait.SpinUntil(() => CurrentDefaultKeyId(services) == keyId, TimeSpan.FromSeconds(10)),
            $"The key ring did not make {keyId} its default key.");

    /// <summary>Waits until the node's key ring knows <paramref name="keyId"/> as revoked (the rebuild runs on the thread pool).</summary>
    public static void WaitForRevocation(IServiceProvider services, Guid keyId) =>
        Assert.True(
            SpinWait.SpinUntil(
                () =>
                {
                    services.GetRequiredService<IKeyRingProvider>().GetCurrentKeyRing().GetAuthenticatedEncryptorByKeyId(keyId, out var revoked);
                    return revoked;
                },
                TimeSpan.FromSeconds(10)),
            $"The key ring did not learn that {keyId} is revoked.");
}
