using System.Text;
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

    public BuiltInSessionCookie(IDataProtectionProvider provider)
    {
        _protector = provider.CreateProtector(Purpose);
    }

    /// <summary>
    /// The session key the cookie holds. Throws <see cref="FormatException"/> when the value cannot be such a cookie and
    /// <see cref="System.Security.Cryptography.CryptographicException"/> when Data Protection refuses it (tampered, or
    /// sealed under another key ring or application name).
    /// </summary>
    public string Unprotect(string value)
    {
        if (value.Length > MaxValueLength)
        {
            throw new FormatException($"The cookie value is longer than {MaxValueLength} characters.");
        }

        var padding = (4 - (value.Length % 4)) % 4;
        if (padding == 3)
        {
            throw new FormatException("The cookie value is not base64.");
        }

        var protectedBytes = Convert.FromBase64String(padding == 0 ? value : value + new string('=', padding));
        var sessionKey = Encoding.UTF8.GetString(_protector.Unprotect(protectedBytes));
        if (sessionKey.Length != SessionKeyLength || string.IsNullOrWhiteSpace(sessionKey))
        {
            throw new FormatException("The cookie does not hold a built-in session key.");
        }

        return sessionKey;
    }
}
