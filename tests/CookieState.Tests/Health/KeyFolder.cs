using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests.Health;

/// <summary>
/// A key ring folder written as another node (or the key ring tool) would: its own Data Protection stack, keys created
/// through <see cref="IKeyManager"/> with the dates a test needs. Data Protection judges keys by the real clock, so keys
/// that must expire soon really do.
/// </summary>
public static class KeyFolder
{
    public static string Create() => Directory.CreateTempSubdirectory("cookiestate-health-keys-").FullName;

    public static IKey CreateKey(string directory, DateTimeOffset activation, DateTimeOffset expiration)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection()
            .PersistKeysToFileSystem(new DirectoryInfo(directory))
            .DisableAutomaticKeyGeneration();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IKeyManager>().CreateNewKey(activation, expiration);
    }
}
