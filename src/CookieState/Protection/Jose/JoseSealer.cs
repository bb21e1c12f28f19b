using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using CookieState.Format;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CookieState.Protection.Jose;

/// <summary>
/// The <see cref="CookieStateFormat.Jose"/> format: the state's JSON claims as a compact JWE or JWS that any JOSE library
/// reads with the key.
/// <code>
/// encrypted: BASE64URL(header) "." "" "." BASE64URL(iv:16) "." BASE64URL(ciphertext) "." BASE64URL(tag:32)
///            header = {"alg":"dir","enc":"A256CBC-HS512","kid":"&lt;id&gt;","cs_refresh":N}
/// signed:    BASE64URL(header) "." BASE64URL(claims) "." BASE64URL(HMAC-SHA-256)
///            header = {"alg":"HS256","kid":"&lt;id&gt;","cs_refresh":N}
/// </code>
/// The cryptography is IdentityModel's (<see cref="AuthenticatedEncryptionProvider"/>, <see cref="SymmetricSignatureProvider"/>);
/// everything its token handler would decide is decided here, strictly and before any of it runs: the token's shape (five
/// parts, or three in signed mode), the header's size and its <c>alg</c>/<c>enc</c> (only the configured ones; never
/// <c>none</c>, never compression), and the key, found by <c>kid</c> alone. <c>cs_refresh</c> is the refresh hint: a
/// protected header parameter, so it is readable without opening the token and any change to it fails authentication.
/// </summary>
internal sealed class JoseSealer : IPayloadSealer
{
    /// <summary>How every compact token of a JSON header starts: the base64url of <c>{"</c>.</summary>
    public const string TokenStart = "eyJ";

    public const string EncryptionAlgorithm = "dir";
    public const string ContentEncryption = "A256CBC-HS512";
    public const string SignatureAlgorithm = "HS256";

    private const int IvLength = 16;
    private const int BlockLength = 16;
    private const int TagLength = 32;
    private const int MaxHintDigits = 10;

    private static readonly int MaxHeaderChars = Base64Url.GetEncodedLength(JoseHeader.MaxLength);

    private readonly JoseKeyRing _keys;
    private readonly bool _encrypted;
    private readonly int _maxTokenLength;

    public JoseSealer(JoseKeyRing keys, IOptions<CookieStateOptions> options)
    {
        _keys = keys;
        _encrypted = keys.Mode == CookieStateJoseMode.Encrypted;

        // Sealed text comes from cookies the request parser already bounded by this budget; checked again before parsing.
        _maxTokenLength = options.Value.MaxCookieSize;
    }

    public CookieStateFormat Format => CookieStateFormat.Jose;

    /// <summary>A token that fits one cookie is the cookie value as it is, so any JOSE library reads it.</summary>
    public bool AllowsBareCookie => true;

    public bool Recognizes(ReadOnlySpan<char> sealedText) => _keys.IsConfigured && sealedText.StartsWith(TokenStart, StringComparison.Ordinal);

    public int GetSealedLength(int plaintextLength)
    {
        var headerChars = Base64Url.GetEncodedLength(HeaderPrefix.Length + _keys.GetSealingKey().Id.Length + HintStart.Length + MaxHintDigits + 1);
        return _encrypted
            ? headerChars + 2 + Base64Url.GetEncodedLength(IvLength) + 1 + Base64Url.GetEncodedLength(CiphertextLength(plaintextLength)) + 1 + Base64Url.GetEncodedLength(TagLength)
            : headerChars + 1 + Base64Url.GetEncodedLength(plaintextLength) + 1 + Base64Url.GetEncodedLength(TagLength);
    }

    public PooledChars Seal(ReadOnlySpan<byte> plaintext, DateTimeOffset refreshAfter)
    {
        var key = _keys.GetSealingKey();
        Span<byte> header = stackalloc byte[JoseHeader.MaxLength];
        var headerLength = WriteHeader(header, key.Id, ToHint(refreshAfter));

        // The encoded header is the JWE's additional authenticated data and the start of the JWS signing input.
        var encodedHeader = new byte[Base64Url.GetEncodedLength(headerLength)];
        Base64Url.EncodeToUtf8(header[..headerLength], encodedHeader);
        return _encrypted ? Encrypt(key, encodedHeader, plaintext) : Sign(key, encodedHeader, plaintext);
    }

    public PayloadOpenResult Open(ReadOnlySpan<char> sealedText)
    {
        if (sealedText.Length > _maxTokenLength)
        {
            return PayloadOpenResult.Fail(CookieStateRejectionReason.Oversized);
        }

        // The shape before anything is parsed: a JWS where a JWE is configured, or the reverse, goes no further.
        Span<Range> parts = stackalloc Range[6];
        var count = sealedText.Split(parts, '.');
        if (!Recognizes(sealedText) || count is not (3 or 5))
        {
            return PayloadOpenResult.Fail(CookieStateRejectionReason.Malformed);
        }

        if (count != (_encrypted ? 5 : 3))
        {
            return PayloadOpenResult.Fail(CookieStateRejectionReason.AlgorithmNotAllowed);
        }

        var encodedHeader = sealedText[parts[0]];
        Span<byte> headerJson = stackalloc byte[JoseHeader.MaxLength];
        if (encodedHeader.Length > MaxHeaderChars
            || !Base64UrlText.TryDecode(encodedHeader, headerJson, out var headerLength)
            || !JoseHeader.TryParse(headerJson[..headerLength], out var header)
            || !header.HasAlg)
        {
            return PayloadOpenResult.Fail(CookieStateRejectionReason.Malformed);
        }

        if (!IsConfiguredAlgorithm(header))
        {
            return PayloadOpenResult.Fail(CookieStateRejectionReason.AlgorithmNotAllowed);
        }

        if (header.HasCrit || header.UnexpectedType)
        {
            return PayloadOpenResult.Fail(CookieStateRejectionReason.Malformed);
        }

        Span<char> keyIdChars = stackalloc char[JoseKeyRing.MaxKeyIdLength];
        if (!header.HasKid || !JoseKeyRing.TryReadKeyId(headerJson[header.Kid], keyIdChars, out var keyIdLength))
        {
            return PayloadOpenResult.Fail(CookieStateRejectionReason.UnknownKey);
        }

        var keyIdText = keyIdChars[..keyIdLength];
        var key = _keys.Find(keyIdText, out var inForce);
        if (key is null || !inForce)
        {
            return PayloadOpenResult.Fail(key is null ? CookieStateRejectionReason.UnknownKey : CookieStateRejectionReason.KeyRevoked, keyIdText.ToString());
        }

        return _encrypted ? Decrypt(key, sealedText, parts) : Verify(key, sealedText, parts);
    }

    public bool TryReadRefreshAfter(ReadOnlySpan<char> sealedTextStart, out DateTimeOffset refreshAfter)
    {
        refreshAfter = default;
        var dot = sealedTextStart.IndexOf('.');
        Span<byte> headerJson = stackalloc byte[JoseHeader.MaxLength];
        if (!Recognizes(sealedTextStart)
            || dot < 0
            || dot > MaxHeaderChars
            || !Base64UrlText.TryDecode(sealedTextStart[..dot], headerJson, out var headerLength)
            || !JoseHeader.TryParse(headerJson[..headerLength], out var header)
            || header.RefreshAfter is not { } seconds)
        {
            return false;
        }

        refreshAfter = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    /// <summary>The last characters of the token: they encode the JWE tag or the JWS signature, so they are bound to the content.</summary>
    public void WriteContentTag(ReadOnlySpan<char> sealedText, Span<char> tag) => sealedText[^tag.Length..].CopyTo(tag);

    private ReadOnlySpan<byte> HeaderPrefix => _encrypted ? "{\"alg\":\"dir\",\"enc\":\"A256CBC-HS512\",\"kid\":\""u8 : "{\"alg\":\"HS256\",\"kid\":\""u8;

    private static ReadOnlySpan<byte> HintStart => "\",\"cs_refresh\":"u8;

    private static int CiphertextLength(int plaintextLength) => ((plaintextLength / BlockLength) + 1) * BlockLength;

    private bool IsConfiguredAlgorithm(in JoseHeader header) =>
        !header.HasZip && (_encrypted
            ? header.AlgIsDir && header.EncIsA256CbcHs512
            : header.AlgIsHs256 && !header.HasEnc);

    private int WriteHeader(Span<byte> destination, string keyId, uint refreshAfter)
    {
        var prefix = HeaderPrefix;
        prefix.CopyTo(destination);
        var offset = prefix.Length;
        offset += Encoding.ASCII.GetBytes(keyId, destination[offset..]);
        HintStart.CopyTo(destination[offset..]);
        offset += HintStart.Length;
        offset += JoseJson.WriteInteger(destination[offset..], refreshAfter);
        destination[offset] = (byte)'}';
        return offset + 1;
    }

    private static PooledChars Encrypt(JoseKey key, byte[] encodedHeader, ReadOnlySpan<byte> plaintext)
    {
        // IdentityModel's provider takes arrays: the copy of the plaintext is cleared as soon as it is encrypted.
        var input = plaintext.ToArray();
        AuthenticatedEncryptionResult result;
        try
        {
            result = key.Encryption!.Encrypt(input, encodedHeader);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }

        var text = new PooledChars(
            encodedHeader.Length + 2 + Base64Url.GetEncodedLength(result.IV.Length) + 1
            + Base64Url.GetEncodedLength(result.Ciphertext.Length) + 1 + Base64Url.GetEncodedLength(result.AuthenticationTag.Length));
        var span = text.Span;
        var offset = Encoding.ASCII.GetChars(encodedHeader, span);
        span[offset++] = '.';
        span[offset++] = '.';
        offset += Base64Url.EncodeToChars(result.IV, span[offset..]);
        span[offset++] = '.';
        offset += Base64Url.EncodeToChars(result.Ciphertext, span[offset..]);
        span[offset++] = '.';
        Base64Url.EncodeToChars(result.AuthenticationTag, span[offset..]);
        return text;
    }

    private static PooledChars Sign(JoseKey key, byte[] encodedHeader, ReadOnlySpan<byte> plaintext)
    {
        var payloadLength = Base64Url.GetEncodedLength(plaintext.Length);
        var signingInput = new PooledBytes(encodedHeader.Length + 1 + payloadLength);
        try
        {
            var input = signingInput.Span;
            encodedHeader.CopyTo(input);
            input[encodedHeader.Length] = (byte)'.';
            Base64Url.EncodeToUtf8(plaintext, input[(encodedHeader.Length + 1)..]);
            Span<byte> signature = stackalloc byte[TagLength];
            if (!key.Signature!.Sign(input, signature, out var written) || written != TagLength)
            {
                throw new CryptographicException("The JOSE signature could not be computed.");
            }

            var text = new PooledChars(input.Length + 1 + Base64Url.GetEncodedLength(TagLength));
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

    private PayloadOpenResult Decrypt(JoseKey key, ReadOnlySpan<char> token, ReadOnlySpan<Range> parts)
    {
        // Direct encryption has no encrypted key; anything there, or parts of the wrong size, is a changed token.
        if (!token[parts[1]].IsEmpty
            || !TryDecode(token[parts[2]], out var iv) || iv.Length != IvLength
            || !TryDecode(token[parts[3]], out var ciphertext) || ciphertext.Length == 0 || ciphertext.Length % BlockLength != 0
            || !TryDecode(token[parts[4]], out var tag) || tag.Length != TagLength)
        {
            return PayloadOpenResult.Fail(CookieStateRejectionReason.Tampered, key.Id);
        }

        var aad = Encoding.ASCII.GetBytes(token[parts[0]].ToArray());
        byte[] plaintext;
        try
        {
            plaintext = key.Encryption!.Decrypt(ciphertext, aad, iv, tag);
        }
        catch (Exception ex) when (ex is SecurityTokenException or CryptographicException or ArgumentException)
        {
            return PayloadOpenResult.Fail(CookieStateRejectionReason.Tampered, key.Id);
        }

        var result = new PooledBytes(plaintext.Length);
        plaintext.CopyTo(result.Span);
        CryptographicOperations.ZeroMemory(plaintext);
        return PayloadOpenResult.Success(result, key.Id, sealedWithOldKey: !ReferenceEquals(key, _keys.Primary));
    }

    private PayloadOpenResult Verify(JoseKey key, ReadOnlySpan<char> token, ReadOnlySpan<Range> parts)
    {
        var signingInputText = token[..parts[1].End.GetOffset(token.Length)];
        if (!TryDecode(token[parts[2]], out var signature) || signature.Length != TagLength
            || !Base64UrlText.TryDecode(token[parts[1]], out var payload))
        {
            return PayloadOpenResult.Fail(CookieStateRejectionReason.Tampered, key.Id);
        }

        var signingInput = new PooledBytes(signingInputText.Length);
        try
        {
            Encoding.ASCII.GetBytes(signingInputText, signingInput.Span);
            Span<byte> expected = stackalloc byte[TagLength];
            if (!key.Signature!.Sign(signingInput.Span, expected, out var written) || written != TagLength
                || !CryptographicOperations.FixedTimeEquals(expected, signature))
            {
                payload.Dispose();
                return PayloadOpenResult.Fail(CookieStateRejectionReason.Tampered, key.Id);
            }
        }
        finally
        {
            signingInput.Dispose();
        }

        return PayloadOpenResult.Success(payload, key.Id, sealedWithOldKey: !ReferenceEquals(key, _keys.Primary));
    }

    private static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (!Base64UrlText.TryDecode(text, out var decoded))
        {
            return false;
        }

        using (decoded)
        {
            bytes = decoded.Span.ToArray();
            return true;
        }
    }

    // Rounded up, so that a hint that says "due" never comes before the sealed time does.
    private static uint ToHint(DateTimeOffset refreshAfter) =>
        (uint)Math.Clamp((refreshAfter.ToUnixTimeMilliseconds() + 999) / 1000, 0, uint.MaxValue);
}
