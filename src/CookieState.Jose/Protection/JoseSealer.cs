using System.Buffers.Text;
using System.Text;
using CookieState.Protection;
using CookieState.Serialization;
using Microsoft.Extensions.Options;

namespace CookieState.Jose.Protection;

/// <summary>
/// The <see cref="CookieStateFormat.Jose"/> format: the state's JSON claims as a compact JWE or JWS that any JOSE library
/// reads with the key.
/// <code>
/// encrypted: BASE64URL(header) "." "" "." BASE64URL(iv:16) "." BASE64URL(ciphertext) "." BASE64URL(tag:32)
///            header = {"alg":"dir","enc":"A256CBC-HS512","kid":"&lt;id&gt;","cs_refresh":N}
/// signed:    BASE64URL(header) "." BASE64URL(claims) "." BASE64URL(HMAC-SHA-256)
///            header = {"alg":"HS256","kid":"&lt;id&gt;","cs_refresh":N}
/// </code>
/// The cryptography is RFC 7518's, on System.Security.Cryptography (<see cref="AesCbcHmacSha512"/>, HMAC-SHA-256), and
/// everything a token handler would decide is decided here, strictly and before any of it runs: the token's shape (five
/// parts, or three in signed mode), the header's size and its <c>alg</c>/<c>enc</c> (only the configured ones; never
/// <c>none</c>, never compression), and the key, found by <c>kid</c> alone. <c>cs_refresh</c> is the refresh hint: a
/// protected header parameter, so it is readable without opening the token and any change to it fails authentication.
/// </summary>
internal sealed class JoseSealer : IPayloadSealer
{
    /// <summary>How every compact token of a JSON header starts: the base64url of <c>{"</c>.</summary>
    public const string TokenStart = "eyJ";

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
        return _encrypted ? CompactJwe.GetLength(headerChars, plaintextLength) : CompactJws.GetLength(headerChars, plaintextLength);
    }

    public PooledChars Seal(ReadOnlySpan<byte> plaintext, DateTimeOffset refreshAfter)
    {
        var key = _keys.GetSealingKey();
        Span<byte> header = stackalloc byte[JoseHeader.MaxLength];
        var headerLength = WriteHeader(header, key.Id, RefreshHint.FromTime(refreshAfter));

        // The encoded header is the JWE's additional authenticated data and the start of the JWS signing input.
        Span<byte> encodedHeader = stackalloc byte[Base64Url.GetEncodedLength(headerLength)];
        Base64Url.EncodeToUtf8(header[..headerLength], encodedHeader);
        return _encrypted ? CompactJwe.Write(key, encodedHeader, plaintext) : CompactJws.Write(key, encodedHeader, plaintext);
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

        var sealedWithOldKey = !ReferenceEquals(key, _keys.Primary);
        return _encrypted ? CompactJwe.Open(key, sealedText, parts, sealedWithOldKey) : CompactJws.Open(key, sealedText, parts, sealedWithOldKey);
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
    public void WriteContentTag(ReadOnlySpan<char> sealedText, Span<char> tag) => ContentTag.FromEnd(sealedText, tag);

    private ReadOnlySpan<byte> HeaderPrefix => _encrypted ? "{\"alg\":\"dir\",\"enc\":\"A256CBC-HS512\",\"kid\":\""u8 : "{\"alg\":\"HS256\",\"kid\":\""u8;

    private static ReadOnlySpan<byte> HintStart => "\",\"cs_refresh\":"u8;

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
}
