using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CookieState.Jose.Tests;

/// <summary>
/// JOSE tokens made and opened without CookieState and without IdentityModel: RFC 7518 §5.2.5 (A256CBC-HS512) and §3.2
/// (HS256) straight on System.Security.Cryptography, so that tests can craft any header or payload, honest or hostile,
/// and check CookieState's tokens against an independent implementation.
/// </summary>
public static class JoseTokens
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);

    public static string B64(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    public static string EncryptedHeader(string kid = "k1") => $$"""{"alg":"dir","enc":"A256CBC-HS512","kid":"{{kid}}"}""";

    public static string SignedHeader(string kid = "k1") => $$"""{"alg":"HS256","kid":"{{kid}}"}""";

    /// <summary>A compact JWE with <paramref name="headerJson"/> as its protected header, encrypted with A256CBC-HS512.</summary>
    public static string Jwe(string headerJson, byte[] plaintext, byte[] key, string encryptedKey = "")
    {
        var header = B64(headerJson);
        var iv = RandomNumberGenerator.GetBytes(16);
        using var aes = Aes.Create();
        aes.Key = key[32..];
        var ciphertext = aes.EncryptCbc(plaintext, iv, PaddingMode.PKCS7);
        var tag = Tag(key, Encoding.ASCII.GetBytes(header), iv, ciphertext);
        return $"{header}.{encryptedKey}.{B64(iv)}.{B64(ciphertext)}.{B64(tag)}";
    }

    public static string Jwe(string headerJson, string claimsJson, byte[] key) => Jwe(headerJson, Encoding.UTF8.GetBytes(claimsJson), key);

    /// <summary>A compact JWS signed with HMAC-SHA-256.</summary>
    public static string Jws(string headerJson, byte[] payload, byte[] key)
    {
        var signingInput = B64(headerJson) + "." + B64(payload);
        return signingInput + "." + B64(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput)));
    }

    public static string Jws(string headerJson, string claimsJson, byte[] key) => Jws(headerJson, Encoding.UTF8.GetBytes(claimsJson), key);

    /// <summary>Opens a compact JWE (checking its tag first) and returns its header and plaintext.</summary>
    public static (JsonElement Header, string Plaintext) OpenJwe(string token, byte[] key)
    {
        var parts = token.Split('.');
        Assert.Equal(5, parts.Length);
        Assert.Equal(string.Empty, parts[1]);
        var iv = Base64Url.DecodeFromChars(parts[2]);
        var ciphertext = Base64Url.DecodeFromChars(parts[3]);
        Assert.True(CryptographicOperations.FixedTimeEquals(Tag(key, Encoding.ASCII.GetBytes(parts[0]), iv, ciphertext), Base64Url.DecodeFromChars(parts[4])),
            "The JWE tag does not verify.");
        using var aes = Aes.Create();
        aes.Key = key[32..];
        var plaintext = aes.DecryptCbc(ciphertext, iv, PaddingMode.PKCS7);
        return (JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])).RootElement, Encoding.UTF8.GetString(plaintext));
    }

    /// <summary>Verifies a compact JWS and returns its header and payload.</summary>
    public static (JsonElement Header, string Payload) OpenJws(string token, byte[] key)
    {
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        var expected = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        Assert.True(CryptographicOperations.FixedTimeEquals(expected, Base64Url.DecodeFromChars(parts[2])), "The JWS signature does not verify.");
        return (JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])).RootElement, Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])));
    }

    /// <summary>
    /// The documented claims, with every field overridable: <c>null</c> leaves a claim out; a <see cref="JsonRaw"/> writes
    /// it as given (a wrong type, say).
    /// </summary>
    public static string Claims(
        object? sid = null,
        object? iat = null,
        object? exp = null,
        object? aud = null,
        object? data = null,
        IDictionary<string, object?>? extra = null,
        bool omitSid = false,
        bool omitIat = false,
        bool omitExp = false,
        bool omitAud = false,
        bool omitData = false)
    {
        var issued = Now.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (!omitSid)
        {
            claims["sid"] = sid ?? Guid.NewGuid().ToString();
        }

        if (!omitIat)
        {
            claims["iat"] = iat ?? issued;
        }

        if (!omitExp)
        {
            claims["exp"] = exp ?? issued + 1200;
        }

        if (!omitAud)
        {
            claims["aud"] = aud ?? "CookieState";
        }

        foreach (var (name, value) in extra ?? new Dictionary<string, object?>())
        {
            claims[name] = value;
        }

        if (!omitData)
        {
            claims["data"] = data ?? new Dictionary<string, string> { ["cart"] = B64("3") };
        }

        return Write(claims);
    }

    public static string Write(IDictionary<string, object?> claims)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in claims)
            {
                writer.WritePropertyName(name);
                WriteValue(writer, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case JsonRaw raw:
                writer.WriteRawValue(raw.Json, skipInputValidation: true);
                break;
            default:
                JsonSerializer.Serialize(writer, value, value?.GetType() ?? typeof(object));
                break;
        }
    }

    private static byte[] Tag(byte[] key, byte[] aad, byte[] iv, byte[] ciphertext)
    {
        var al = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(al, (ulong)aad.Length * 8);
        byte[] input = [.. aad, .. iv, .. ciphertext, .. al];
        return HMACSHA512.HashData(key[..32], input)[..32];
    }
}

/// <summary>A claim value written as this JSON text, valid or not.</summary>
public sealed record JsonRaw(string Json);
