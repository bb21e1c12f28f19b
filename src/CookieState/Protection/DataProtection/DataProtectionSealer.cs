using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using CookieState.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CookieState.Protection.DataProtection;

/// <summary>
/// The <see cref="CookieStateFormat.DataProtection"/> format: every payload protected by Data Protection under the purpose
/// <see cref="CookieStateDefaults.ProtectorPurpose"/>, base64url-encoded, always behind a chunk header whose tag is a hash
/// of the text. Byte for byte what CookieState wrote before the envelope format, so older nodes read it.
/// </summary>
internal sealed class DataProtectionSealer : IPayloadSealer
{
    private readonly IDataProtector _protector;
    private readonly DataProtectionKeyRing _keyRing;
    private int _fixedOverhead = -1;

    public DataProtectionSealer(IDataProtectionProvider provider, DataProtectionKeyRing keyRing, IOptions<CookieStateOptions> options)
    {
        // The discriminator, when set, is a sub-purpose: another app's payloads then fail authentication here. Without it the
        // purpose is the one older nodes use.
        var discriminator = options.Value.ApplicationDiscriminator;
        _protector = string.IsNullOrEmpty(discriminator)
            ? provider.CreateProtector(CookieStateDefaults.ProtectorPurpose)
            : provider.CreateProtector(CookieStateDefaults.ProtectorPurpose, discriminator);
        _keyRing = keyRing;
    }

    public CookieStateFormat Format => CookieStateFormat.DataProtection;

    public bool AllowsBareCookie => false;

    // Every Data Protection payload starts with the magic header 09 F0 C9 F0, which base64url turns into "CfDJ8". The
    // registry also falls back to this format for text no other format claims, for custom providers.
    public bool Recognizes(ReadOnlySpan<char> sealedText) => sealedText.StartsWith("CfDJ8", StringComparison.Ordinal);

    public int GetSealedLength(int plaintextLength)
    {
        if (_fixedOverhead < 0)
        {
            // Measured once rather than assumed, because the algorithm is the app's choice. An empty payload already carries
            // a whole padding block, so n more bytes add at most n: this is an upper bound for any length.
            _fixedOverhead = _protector.Protect([]).Length;
        }

        return Base64Url.GetEncodedLength(plaintextLength + _fixedOverhead);
    }

    public PooledChars Seal(ReadOnlySpan<byte> plaintext, DateTimeOffset refreshAfter)
    {
        var payload = _protector.Protect(plaintext.ToArray());
        var text = new PooledChars(Base64UrlText.GetEncodedLength(payload.Length));
        Base64UrlText.Encode(payload, text.Span);
        return text;
    }

    public PayloadOpenResult Open(ReadOnlySpan<char> sealedText)
    {
        if (!Base64UrlText.TryDecode(sealedText, out var decoded))
        {
            return PayloadOpenResult.Fail(CookieStateRejectionReason.Malformed);
        }

        using (decoded)
        {
            var availability = _keyRing.Check(decoded.Span, out var keyGuid);
            var keyId = availability == KeyAvailability.NotAPayload ? null : keyGuid.ToString();
            switch (availability)
            {
                case KeyAvailability.NotAPayload:
                    return PayloadOpenResult.Fail(CookieStateRejectionReason.Malformed);
                case KeyAvailability.Unknown:
                    return PayloadOpenResult.Fail(CookieStateRejectionReason.UnknownKey, keyId);
                case KeyAvailability.Revoked:
                    return PayloadOpenResult.Fail(CookieStateRejectionReason.KeyRevoked, keyId);
                case KeyAvailability.Unavailable:
                    return PayloadOpenResult.Unavailable(keyId);
            }

            return Unprotect(decoded.Span.ToArray(), keyId);
        }
    }

    public bool TryPeekDataProtectionKeyId(ReadOnlySpan<char> sealedText, out Guid keyId)
    {
        // 28 characters are 21 bytes: the magic header and the key id.
        keyId = default;
        Span<byte> header = stackalloc byte[21];
        return sealedText.Length >= 28
            && Base64UrlText.TryDecode(sealedText[..28], header, out var written)
            && DataProtectionKeyRing.TryReadKeyId(header[..written], out keyId);
    }

    public bool TryReadRefreshAfter(ReadOnlySpan<char> sealedTextStart, out DateTimeOffset refreshAfter)
    {
        refreshAfter = default;
        return false;
    }

    /// <summary>The first 48 bits of the SHA-256 of the text, as older nodes expect.</summary>
    public void WriteContentTag(ReadOnlySpan<char> sealedText, Span<char> tag)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var ascii = new PooledBytes(sealedText.Length);
        try
        {
            Encoding.ASCII.GetBytes(sealedText, ascii.Span);
            SHA256.HashData(ascii.Span, hash);
        }
        finally
        {
            ascii.Dispose();
        }

        Base64Url.EncodeToChars(hash[..6], tag);
    }

    private PayloadOpenResult Unprotect(byte[] payload, string? keyId)
    {
        var plaintext = DataProtectionUnprotect.TryUnprotect(_protector, payload, out var requiresMigration, out var rejection);
        if (plaintext is null)
        {
            return PayloadOpenResult.Fail(rejection, keyId);
        }

        var result = new PooledBytes(plaintext.Length);
        plaintext.CopyTo(result.Span);
        CryptographicOperations.ZeroMemory(plaintext);
        return PayloadOpenResult.Success(result, keyId, requiresMigration);
    }
}
