using System.Buffers.Binary;
using System.Buffers.Text;

namespace CookieState.Farm.Tests;

/// <summary>
/// Reads the Data Protection key id out of a CookieState main cookie, as an operator debugging a farm would: the key that
/// sealed it (Data Protection format) or that wrapped its data key (envelope format).
/// </summary>
public static class SealedCookie
{
    private const uint DataProtectionMagic = 0x09F0C9F0;

    public static Guid? KeyId(string mainCookieValue)
    {
        // Chunked: {count}.{tag}.{sealed text}; a single envelope cookie is the sealed text itself.
        var text = SealedText(mainCookieValue);
        if (text.StartsWith("E1.", StringComparison.Ordinal) && text.Length >= 3 + 40)
        {
            // refreshAfter(4) flags(1) reserved(1) wrappedLength(2), then the wrapped key: a Data Protection payload.
            var blob = Base64Url.DecodeFromChars(text.AsSpan(3, 40));
            return ReadDataProtectionKeyId(blob.AsSpan(8));
        }

        return text.Length >= 28 ? ReadDataProtectionKeyId(Base64Url.DecodeFromChars(text.AsSpan(0, 28))) : null;
    }

    /// <summary>The format a main cookie is sealed in: <c>Envelope</c>, <c>DataProtection</c>, or <c>other</c>.</summary>
    public static string Format(string mainCookieValue)
    {
        var text = SealedText(mainCookieValue);
        return text.StartsWith("E1.", StringComparison.Ordinal) ? "Envelope"
            : text.StartsWith("CfDJ8", StringComparison.Ordinal) ? "DataProtection"
            : "other";
    }

    private static string SealedText(string mainCookieValue) =>
        char.IsAsciiDigit(mainCookieValue.FirstOrDefault()) ? mainCookieValue.Split('.', 3).ElementAtOrDefault(2) ?? string.Empty : mainCookieValue;

    private static Guid? ReadDataProtectionKeyId(ReadOnlySpan<byte> payload) =>
        payload.Length >= 20 && BinaryPrimitives.ReadUInt32BigEndian(payload) == DataProtectionMagic ? new Guid(payload.Slice(4, 16)) : null;
}
