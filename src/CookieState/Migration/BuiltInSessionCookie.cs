using System.Security.Cryptography;
using System.Text;
using CookieState.Protection.DataProtection;
using Microsoft.AspNetCore.DataProtection;

namespace CookieState.Migration;

/// <summary>
/// The built-in session's cookie: its session key (a GUID string, which is also the cache key) protected by Data
/// Protection under the purpose <c>SessionMiddleware</c>, as UTF-8, written as standard base64 with the padding trimmed.
/// Read here as the built-in middleware reads it, so that what it accepted is accepted and nothing else: the same key ring
/// and application name are needed.
/// </summary>
internal sealed class BuiltInSessionCookie
{
    /// <summary>The purpose the built-in <c>SessionMiddleware</c> creates its protector with (its type name).</summary>
    public const string Purpose = "SessionMiddleware";

    // The built-in middleware only accepts keys of this length ("382c74c3-721d-4f34-80e5-57657b6cbc27").
    private const int SessionKeyLength = 36;

    // A protected 36-character key takes about 180 characters; a longer value is not such a cookie and costs no crypto.
    private const int MaxValueLength = 1024;

    private readonly IDataProtector _protector;
    private readonly DataProtectionKeyRing _keyRing;

    public BuiltInSessionCookie(IDataProtectionProvider provider, DataProtectionKeyRing keyRing)
    {
        _protector = provider.CreateProtector(Purpose);
        _keyRing = keyRing;
    }

    /// <summary>
    /// The session key the cookie holds, or <see langword="null"/> with a short reason (no cookie text, no key material)
    /// when it cannot be such a cookie or Data Protection refuses it (tampered, an unknown or revoked key, or sealed under
    /// another key ring or application name). The key the payload names is checked against the cached key ring first, as
    /// CookieState's own cookies are, so a forged key id costs no key store read. Never throws for what the client sent.
    /// </summary>
    public string? TryUnprotect(string value, out string problem)
    {
        problem = "malformed";
        if (value.Length > MaxValueLength)
        {
            return null;
        }

        var padding = (4 - (value.Length % 4)) % 4;
        if (padding == 3)
        {
            return null;
        }

        byte[] protectedBytes;
        try
        {
            protectedBytes = Convert.FromBase64String(padding == 0 ? value : value + new string('=', padding));
        }
        catch (FormatException)
        {
            return null;
        }

        switch (_keyRing.Check(protectedBytes, out _))
        {
            case KeyAvailability.NotAPayload:
                return null;
            case KeyAvailability.Unknown:
                problem = "unknown key";
                return null;
            case KeyAvailability.Revoked:
                problem = "revoked key";
                return null;
            case KeyAvailability.Unavailable:
                problem = "key ring unavailable";
                return null;
        }

        byte[] plaintext;
        try
        {
            plaintext = _protector.Unprotect(protectedBytes);
        }
        catch (CryptographicException)
        {
            problem = "not unprotected";
            return null;
        }

        var sessionKey = Encoding.UTF8.GetString(plaintext);
        if (sessionKey.Length != SessionKeyLength || string.IsNullOrWhiteSpace(sessionKey))
        {
            return null;
        }

        return sessionKey;
    }
}
