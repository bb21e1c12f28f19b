using System.Buffers;
using System.Buffers.Text;
using CookieState.Cookies;
using CookieState.Serialization;

namespace CookieState.Protection;

/// <summary>
/// Strict base64url: only the 64 characters of the alphabet, no padding, no white space, and zero unused trailing bits, so
/// that every byte string has exactly one text and a changed character never decodes to the same bytes.
/// </summary>
internal static class Base64UrlText
{
    /// <summary>The 64 characters of the base64url alphabet.</summary>
    public const string Letters = SealedTextAlphabet.Base64UrlLetters;

    private static readonly SearchValues<char> Alphabet = SearchValues.Create(Letters);

    private static readonly SearchValues<byte> Utf8Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"u8);

    // The BCL decoders skip white space and accept padding: these checks come first wherever text is decoded.
    public static bool IsValid(ReadOnlySpan<char> text) => !text.ContainsAnyExcept(Alphabet);

    /// <summary>Whether UTF-8 <paramref name="text"/> is strict base64url that can decode (not one character over a block).</summary>
    public static bool IsValid(ReadOnlySpan<byte> text) => !text.ContainsAnyExcept(Utf8Alphabet) && text.Length % 4 != 1;

    /// <summary>Decodes strict base64url into a pooled buffer, or returns <see langword="false"/>.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, out PooledBytes bytes)
    {
        bytes = default;
        if (!IsValid(text) || text.Length % 4 == 1)
        {
            return false;
        }

        var decoded = new PooledBytes(Base64Url.GetMaxDecodedLength(text.Length));

        // The decoder refuses non-zero unused bits in the last character, which keeps one encoding per byte string.
        if (Base64Url.DecodeFromChars(text, decoded.Span, out _, out var written) != OperationStatus.Done)
        {
            decoded.Dispose();
            return false;
        }

        decoded.Truncate(written);
        bytes = decoded;
        return true;
    }

    /// <summary>Decodes a short strict base64url run into <paramref name="destination"/>.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int written)
    {
        written = 0;
        return IsValid(text)
            && text.Length % 4 != 1
            && Base64Url.DecodeFromChars(text, destination, out _, out written) == OperationStatus.Done;
    }

    public static int GetEncodedLength(int byteLength) => Base64Url.GetEncodedLength(byteLength);

    public static int Encode(ReadOnlySpan<byte> bytes, Span<char> destination) => Base64Url.EncodeToChars(bytes, destination);
}
