using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Jose.Tests;

/// <summary>Keys for JOSE tests, made fresh per test run, and the registrations that use them.</summary>
public static class JoseTestKeys
{
    public static readonly byte[] K1 = RandomNumberGenerator.GetBytes(64);
    public static readonly byte[] K2 = RandomNumberGenerator.GetBytes(64);
    public static readonly byte[] K3 = RandomNumberGenerator.GetBytes(64);

    public static string Encode(byte[] key) => Base64Url.EncodeToString(key);

    public static CookieStateJoseKey Key(string id, byte[] key, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null) =>
        new() { Id = id, Key = Encode(key), NotBefore = notBefore, NotAfter = notAfter };

    /// <summary>JOSE format registered and written, with k1 (primary) or the given keys.</summary>
    public static void Use(IServiceCollection services, CookieStateJoseMode mode = CookieStateJoseMode.Encrypted, string? primary = "k1", params CookieStateJoseKey[] keys)
    {
        services.Configure<CookieStateOptions>(o => o.Format = CookieStateFormat.Jose);
        services.AddCookieStateJose(o => Use(o, mode, primary, keys));
    }

    /// <summary>The JOSE options of <see cref="Use(IServiceCollection, CookieStateJoseMode, string?, CookieStateJoseKey[])"/>.</summary>
    public static void Use(CookieStateJoseOptions options, CookieStateJoseMode mode = CookieStateJoseMode.Encrypted, string? primary = "k1", params CookieStateJoseKey[] keys)
    {
        options.Mode = mode;
        options.PrimaryKeyId = primary;
        options.Keys.Clear();
        foreach (var key in keys.Length == 0 ? [Key("k1", K1)] : keys)
        {
            options.Keys.Add(key);
        }
    }
}
