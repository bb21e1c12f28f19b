using System.Buffers.Text;
using System.Text;
using CookieState.Protection;
using CookieState.Serialization;

namespace CookieState.Jose.Protection;

/// <summary>The compact JWE of the encrypted mode (<c>alg</c> dir, <c>enc</c> A256CBC-HS512), written and opened once the header and key are checked.</summary>
internal static class CompactJwe
{
    /// <summary>Characters of the token: header, empty key, IV, ciphertext and tag, joined by dots.</summary>
    public static int GetLength(int encodedHeaderLength, int plaintextLength) =>
        encodedHeaderLength + 2 + Base64Url.GetEncodedLength(AesCbcHmacSha512.IvSize) + 1
        + Base64Url.GetEncodedLength(AesCbcHmacSha512.GetCiphertextLength(plaintextLength)) + 1
        + Base64Url.GetEncodedLength(AesCbcHmacSha512.TagSize);

    public static PooledChars Write(JoseKey key, ReadOnlySpan<byte> encodedHeader, ReadOnlySpan<byte> plaintext)
    {
        var ciphertextLength = AesCbcHmacSha512.GetCiphertextLength(plaintext.Length);
        var sealedBytes = new PooledBytes(AesCbcHmacSha512.IvSize + ciphertextLength + AesCbcHmacSha512.TagSize);
        try
        {
            var iv = sealedBytes.Span[..AesCbcHmacSha512.IvSize];
            var ciphertext = sealedBytes.Span.Slice(AesCbcHmacSha512.IvSize, ciphertextLength);
            var tag = sealedBytes.Span[^AesCbcHmacSha512.TagSize..];
            key.Encryption!.Encrypt(encodedHeader, plaintext, iv, ciphertext, tag);

            var text = new PooledChars(GetLength(encodedHeader.Length, plaintext.Length));
            var span = text.Span;
            var offset = Encoding.ASCII.GetChars(encodedHeader, span);
            span[offset++] = '.';
            span[offset++] = '.';
            offset += Base64Url.EncodeToChars(iv, span[offset..]);
            span[offset++] = '.';
            offset += Base64Url.EncodeToChars(ciphertext, span[offset..]);
            span[offset++] = '.';
            Base64Url.EncodeToChars(tag, span[offset..]);
            return text;
        }
        finally
        {
            sealedBytes.Dispose();
        }
    }

    public static PayloadOpenResult Open(JoseKey key, ReadOnlySpan<char> token, ReadOnlySpan<Range> parts, bool sealedWithOldKey)
    {
        // Direct encryption has no encrypted key: anything there is a changed token, as is a part that does not decode.
        var encodedHeader = token[parts[0]];
        if (!token[parts[1]].IsEmpty
            || !Base64UrlText.TryDecode(token[parts[2]], out var iv)
            || !TryDecodeAfter(iv, token[parts[3]], out var ciphertext)
            || !TryDecodeAfter(ciphertext, token[parts[4]], out var tag))
        {
            return PayloadOpenResult.Fail(CookieStateRejectionReason.Tampered, key.Id);
        }

        var aad = new PooledBytes(encodedHeader.Length);
        var plaintext = new PooledBytes(ciphertext.Length);
        try
        {
            Encoding.ASCII.GetBytes(encodedHeader, aad.Span);
            if (!key.Encryption!.TryDecrypt(aad.Span, iv.Span, ciphertext.Span, tag.Span, plaintext.Span, out var written))
            {
                plaintext.Dispose();
                return PayloadOpenResult.Fail(CookieStateRejectionReason.Tampered, key.Id);
            }

            plaintext.Truncate(written);
            return PayloadOpenResult.Success(plaintext, key.Id, sealedWithOldKey);
        }
        finally
        {
            aad.Dispose();
            iv.Dispose();
            ciphertext.Dispose();
            tag.Dispose();
        }
    }

    /// <summary>Decodes the next part, or releases the one before when it does not decode.</summary>
    private static bool TryDecodeAfter(PooledBytes previous, ReadOnlySpan<char> text, out PooledBytes bytes)
    {
        if (Base64UrlText.TryDecode(text, out bytes))
        {
            return true;
        }

        previous.Dispose();
        return false;
    }
}
