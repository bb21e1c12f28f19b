using System.Security.Cryptography;

namespace CookieState.Jose.Protection;

/// <summary>
/// One configured JOSE key with what it drives: the <c>A256CBC-HS512</c> content encryption of a <c>dir</c> JWE, or the
/// <c>HS256</c> signature of a JWS. Built once at startup and safe to share.
/// </summary>
internal sealed class JoseKey : IDisposable
{
    private readonly byte[]? _signingKey;

    private JoseKey(string id, DateTimeOffset? notBefore, DateTimeOffset? notAfter, AesCbcHmacSha512? encryption, byte[]? signingKey)
    {
        Id = id;
        NotBefore = notBefore;
        NotAfter = notAfter;
        Encryption = encryption;
        _signingKey = signingKey;
    }

    public const int SignatureSize = HMACSHA256.HashSizeInBytes;

    public string Id { get; }

    public DateTimeOffset? NotBefore { get; }

    public DateTimeOffset? NotAfter { get; }

    /// <summary>The JWE content encryption, in <see cref="CookieStateJoseMode.Encrypted"/> mode.</summary>
    public AesCbcHmacSha512? Encryption { get; }

    /// <summary>Builds the key from its validated configuration.</summary>
    public static JoseKey Create(CookieStateJoseKey configured, CookieStateJoseMode mode)
    {
        var secret = System.Buffers.Text.Base64Url.DecodeFromChars(configured.Key);
        if (mode == CookieStateJoseMode.Signed)
        {
            return new JoseKey(configured.Id, configured.NotBefore, configured.NotAfter, null, secret);
        }

        try
        {
            return new JoseKey(configured.Id, configured.NotBefore, configured.NotAfter, new AesCbcHmacSha512(secret), null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>The JWS signature (<c>HS256</c>, RFC 7518 §3.2) of <paramref name="signingInput"/>, in signed mode.</summary>
    public void Sign(ReadOnlySpan<byte> signingInput, Span<byte> signature) =>
        HMACSHA256.HashData(_signingKey ?? throw new InvalidOperationException("This JOSE key does not sign."), signingInput, signature);

    /// <summary>Whether the key opens cookies at <paramref name="now"/>.</summary>
    public bool IsInForce(DateTimeOffset now) => (NotBefore is null || now >= NotBefore) && (NotAfter is null || now < NotAfter);

    public void Dispose()
    {
        Encryption?.Dispose();
        if (_signingKey is not null)
        {
            CryptographicOperations.ZeroMemory(_signingKey);
        }
    }
}
