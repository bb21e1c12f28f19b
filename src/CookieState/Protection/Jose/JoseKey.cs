using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace CookieState.Protection.Jose;

/// <summary>
/// One configured JOSE key with the IdentityModel primitive it drives: the <c>A256CBC-HS512</c> content encryption of a
/// <c>dir</c> JWE, or the <c>HS256</c> signature of a JWS. Built once at startup; both primitives are safe to share.
/// </summary>
internal sealed class JoseKey : IDisposable
{
    private JoseKey(string id, DateTimeOffset? notBefore, DateTimeOffset? notAfter, AuthenticatedEncryptionProvider? encryption, SymmetricSignatureProvider? signature)
    {
        Id = id;
        NotBefore = notBefore;
        NotAfter = notAfter;
        Encryption = encryption;
        Signature = signature;
    }

    public string Id { get; }

    public DateTimeOffset? NotBefore { get; }

    public DateTimeOffset? NotAfter { get; }

    /// <summary>The JWE content encryption, in <see cref="CookieStateJoseMode.Encrypted"/> mode.</summary>
    public AuthenticatedEncryptionProvider? Encryption { get; }

    /// <summary>The JWS signature, in <see cref="CookieStateJoseMode.Signed"/> mode.</summary>
    public SymmetricSignatureProvider? Signature { get; }

    /// <summary>Builds the key from its validated configuration; the decoded secret lives only inside the primitive.</summary>
    public static JoseKey Create(CookieStateJoseKey configured, CookieStateJoseMode mode)
    {
        var secret = System.Buffers.Text.Base64Url.DecodeFromChars(configured.Key);
        try
        {
            var key = new SymmetricSecurityKey(secret) { KeyId = configured.Id };
            return mode == CookieStateJoseMode.Encrypted
                ? new JoseKey(configured.Id, configured.NotBefore, configured.NotAfter, new AuthenticatedEncryptionProvider(key, SecurityAlgorithms.Aes256CbcHmacSha512), null)
                : new JoseKey(configured.Id, configured.NotBefore, configured.NotAfter, null, new SymmetricSignatureProvider(key, SecurityAlgorithms.HmacSha256));
        }
        finally
        {
            // SymmetricSecurityKey keeps its own copy.
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>Whether the key opens cookies at <paramref name="now"/>.</summary>
    public bool IsInForce(DateTimeOffset now) => (NotBefore is null || now >= NotBefore) && (NotAfter is null || now < NotAfter);

    public void Dispose()
    {
        Encryption?.Dispose();
        Signature?.Dispose();
    }
}
