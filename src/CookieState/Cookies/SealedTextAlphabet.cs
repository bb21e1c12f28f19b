using System.Buffers;

namespace CookieState.Cookies;

/// <summary>The characters sealed text is made of, whatever its format: what the transport may check without knowing formats.</summary>
internal static class SealedTextAlphabet
{
    /// <summary>The base64url letters (RFC 4648 §5), without padding.</summary>
    public const string Base64UrlLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /// <summary>base64url, and '.' for formats that join base64url parts.</summary>
    public static readonly SearchValues<char> Chars = SearchValues.Create(Base64UrlLetters + ".");
}
