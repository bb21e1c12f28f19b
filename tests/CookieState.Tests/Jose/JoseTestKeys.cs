using System.Buffers.Text;
using System.Security.Cryptography;

namespace CookieState.Tests.Jose;

/// <summary>Keys for JOSE tests, made fresh per test run, and the options that use them.</summary>
public static class JoseTestKeys
{
    public static readonly byte[] K1 = RandomNumberGenerator.GetBytes(64);
    public static readonly byte[] K2 = RandomNumberGenerator.GetBytes(64);
    public static readonly byte[] K3 = RandomNumberGenerator.GetBytes(64);

    public static string Encode(byte[] key) => Base64Url.EncodeToString(key);

    public static CookieStateJoseKey Key(string id, byte[] key, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null) =>
        new() { Id = id, Key = Encode(key), NotBefore = notBefore, NotAfter = notAfter };

    /// <summary>JOSE format on, with k1 (primary) or the given keys.</summary>
    public static void Use(CookieStateOptions options, CookieStateJoseMode mode = CookieStateJoseMode.Encrypted, string? primary = "k1", params CookieStateJoseKey[] keys)
    {
        options.Format = CookieStateFormat.Jose;
        options.Jose.Mode = mode;
        options.Jose.PrimaryKeyId = primary;
        options.Jose.Keys.Clear();
        foreach (var key in keys.Length == 0 ? [Key("k1", K1)] : keys)
        {
            options.Jose.Keys.Add(key);
        }
    }
}
