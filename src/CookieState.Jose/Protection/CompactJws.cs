using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using CookieState.Protection;
using CookieState.Serialization;

namespace CookieState.Jose.Protection;

/// <summary>The compact JWS of the signed mode (<c>alg</c> HS256), written and verified once the header and key are checked.</summary>
internal static class CompactJws
{
    /// <summary>Characters of the token: header, payload and signature, joined by dots.</summary>
    public static int GetLength(int encodedHeaderLength, int plaintextLength) =>
        encodedHeaderLength + 1 + Base64Url.GetEncodedLength(plaintextLength) + 1 + Base64Url.GetEncodedLength(JoseKey.SignatureSize);

    public static PooledChars Write(JoseKey key, ReadOnlySpan<byte> encodedHeader, ReadOnlySpan<byte> plaintext)
    {
        var signingInput = new PooledBytes(encodedHeader.Length + 1 + Base64Url.GetEncodedLength(plaintext.Length));
        try
        {
            var input = signingInput.Span;
            encodedHeader.CopyTo(input);
            input[encodedHeader.Length] = (byte)'.';
            Base64Url.EncodeToUtf8(plaintext, input[(encodedHeader.Length + 1)..]);
            Span<byte> signature = stackalloc byte[JoseKey.SignatureSize];
            key.Sign(input, signature);

            var text = new PooledChars(GetLength(encodedHeader.Length, plaintext.Length));
            var span = text.Span;
            var offset = Encoding.ASCII.GetChars(input, span);
            span[offset++] = '.';
            Base64Url.EncodeToChars(signature, span[offset..]);
            return text;
        }
        finally
        {
            signingInput.Dispose();
        }
    }

    public static PayloadOpenResult Open(JoseKey key, ReadOnlySpan<char> token, ReadOnlySpan<Range> parts, bool sealedWithOldKey)
    {
        var signingInputText = token[..parts[1].End.GetOffset(token.Length)];
        Span<byte> signature = stackalloc byte[JoseKey.SignatureSize + 3];
        if (!Base64UrlText.TryDecode(token[parts[2]], signature, out var signatureLength) || signatureLength != JoseKey.SignatureSize
            || !Base64UrlText.TryDecode(token[parts[1]], out var payload))
        {
            return PayloadOpenResult.Fail(CookieStateRejectionReason.Tampered, key.Id);
        }

        var signingInput = new PooledBytes(signingInputText.Length);
        try
        {
            Encoding.ASCII.GetBytes(signingInputText, signingInput.Span);
            Span<byte> expected = stackalloc byte[JoseKey.SignatureSize];
            key.Sign(signingInput.Span, expected);
            if (!CryptographicOperations.FixedTimeEquals(expected, signature[..JoseKey.SignatureSize]))
            {
                payload.Dispose();
                return PayloadOpenResult.Fail(CookieStateRejectionReason.Tampered, key.Id);
            }
        }
        finally
        {
            signingInput.Dispose();
        }

        return PayloadOpenResult.Success(payload, key.Id, sealedWithOldKey);
    }
}
