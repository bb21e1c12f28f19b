using System.Buffers.Binary;
using System.Text;
using CookieState.Serialization;
using Microsoft.Extensions.Options;

namespace CookieState.Protection.Envelope;

/// <summary>
/// The <see cref="CookieStateFormat.Envelope"/> format: AES-256-GCM under a data key that travels wrapped by Data Protection.
/// <code>
/// text = "E1." base64url(blob)
/// blob = refreshAfter:u32be flags:u8(=0) reserved:u8(=0) wrappedLength:u16be wrapped nonce:12 ciphertext tag:16
/// additional authenticated data = "CookieState.Envelope.v1" [|| u16be(n) || discriminator (n UTF-8 bytes)] || blob[..(8 + wrappedLength)]
/// </code>
/// The discriminator part is there only when <see cref="CookieStateOptions.ApplicationDiscriminator"/> is set; without it
/// the authenticated data is byte for byte what it always was.
/// The first six bytes are exactly the first eight characters after the prefix, so the refresh hint is read without
/// decoding the rest; it is authenticated with everything before the nonce, so nothing in it can be changed or swapped
/// between cookies or formats.
/// </summary>
internal sealed class EnvelopeSealer : IPayloadSealer
{
    public const string Prefix = "E1.";
    private const int HintLength = 6;
    private const int HintChars = 8;
    private const int HeaderLength = HintLength + 2;
    private const int Overhead = HeaderLength + DataKey.NonceSize + DataKey.TagSize;
    private const int MaxWrappedLength = 512;

    private static readonly byte[] Purpose = Encoding.ASCII.GetBytes("CookieState.Envelope.v1");

    private readonly DataKeyRing _dataKeys;
    private readonly byte[] _aadPrefix;

    public EnvelopeSealer(DataKeyRing dataKeys, IOptions<CookieStateOptions> options)
    {
        _dataKeys = dataKeys;
        _aadPrefix = AadPrefix(options.Value.ApplicationDiscriminator);
    }

    /// <summary>
    /// What the authenticated data starts with: the purpose, then the discriminator, length-prefixed so that no
    /// discriminator and blob can pass for another pair.
    /// </summary>
    internal static byte[] AadPrefix(string? discriminator)
    {
        if (string.IsNullOrEmpty(discriminator))
        {
            return Purpose;
        }

        var name = Encoding.UTF8.GetBytes(discriminator);
        var prefix = new byte[Purpose.Length + 2 + name.Length];
        Purpose.CopyTo(prefix, 0);
        BinaryPrimitives.WriteUInt16BigEndian(prefix.AsSpan(Purpose.Length), (ushort)name.Length);
        name.CopyTo(prefix, Purpose.Length + 2);
        return prefix;
    }

    public CookieStateFormat Format => CookieStateFormat.Envelope;

    public bool AllowsBareCookie => true;

    public bool Recognizes(ReadOnlySpan<char> sealedText) => sealedText.StartsWith(Prefix, StringComparison.Ordinal);

    public int GetSealedLength(int plaintextLength) =>
        Prefix.Length + Base64UrlText.GetEncodedLength(Overhead + _dataKeys.GetSealingKey().Wrapped.Length + plaintextLength);

    public PooledChars Seal(ReadOnlySpan<byte> plaintext, DateTimeOffset refreshAfter)
    {
        var key = _dataKeys.GetSealingKey();
        var wrapped = key.Wrapped;
        var aadLength = HeaderLength + wrapped.Length;
        var blob = new PooledBytes(aadLength + DataKey.NonceSize + plaintext.Length + DataKey.TagSize);
        try
        {
            var span = blob.Span;
            BinaryPrimitives.WriteUInt32BigEndian(span, RefreshHint.FromTime(refreshAfter));
            span[4] = 0;
            span[5] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(span[HintLength..], (ushort)wrapped.Length);
            wrapped.CopyTo(span[HeaderLength..]);
            var nonce = span.Slice(aadLength, DataKey.NonceSize);
            var ciphertext = span.Slice(aadLength + DataKey.NonceSize, plaintext.Length);
            var tag = span[^DataKey.TagSize..];
            Span<byte> aad = stackalloc byte[_aadPrefix.Length + aadLength];
            _aadPrefix.CopyTo(aad);
            span[..aadLength].CopyTo(aad[_aadPrefix.Length..]);
            key.NextNonce(nonce, aad, plaintext);
            key.Encrypt(nonce, plaintext, ciphertext, tag, aad);

            var text = new PooledChars(Prefix.Length + Base64UrlText.GetEncodedLength(blob.Length));
            Prefix.CopyTo(text.Span);
            Base64UrlText.Encode(span, text.Span[Prefix.Length..]);
            return text;
        }
        finally
        {
            blob.Dispose();
        }
    }

    public PayloadOpenResult Open(ReadOnlySpan<char> sealedText)
    {
        if (!Recognizes(sealedText) || !Base64UrlText.TryDecode(sealedText[Prefix.Length..], out var blob))
        {
            return PayloadOpenResult.Fail(CookieStateRejectionReason.Malformed);
        }

        using (blob)
        {
            var span = blob.Span;
            if (span.Length < Overhead || span[4] != 0 || span[5] != 0)
            {
                return PayloadOpenResult.Fail(CookieStateRejectionReason.Malformed);
            }

            // A real wrapped key is about 132 bytes; the bound keeps the authenticated-data buffer small and on the stack.
            var wrappedLength = BinaryPrimitives.ReadUInt16BigEndian(span[HintLength..]);
            if (wrappedLength > MaxWrappedLength || wrappedLength > span.Length - Overhead)
            {
                return PayloadOpenResult.Fail(CookieStateRejectionReason.Malformed);
            }

            var aadLength = HeaderLength + wrappedLength;
            var lookup = _dataKeys.Find(span.Slice(HeaderLength, wrappedLength));
            var keyId = lookup.WrappingKeyId == Guid.Empty ? null : lookup.WrappingKeyId.ToString();
            switch (lookup.Outcome)
            {
                case ReadOutcome.Unavailable:
                    return PayloadOpenResult.Unavailable(keyId);
                case not ReadOutcome.Accepted:
                    return PayloadOpenResult.Fail(lookup.Rejection ?? CookieStateRejectionReason.Tampered, keyId);
            }

            var key = lookup.Key!;

            var ciphertextLength = span.Length - aadLength - DataKey.NonceSize - DataKey.TagSize;
            var plaintext = new PooledBytes(ciphertextLength);
            Span<byte> aad = stackalloc byte[_aadPrefix.Length + aadLength];
            _aadPrefix.CopyTo(aad);
            span[..aadLength].CopyTo(aad[_aadPrefix.Length..]);
            if (!key.TryDecrypt(
                    span.Slice(aadLength, DataKey.NonceSize),
                    span.Slice(aadLength + DataKey.NonceSize, ciphertextLength),
                    span[^DataKey.TagSize..],
                    plaintext.Span,
                    aad))
            {
                plaintext.Dispose();
                return PayloadOpenResult.Fail(CookieStateRejectionReason.Tampered, keyId);
            }

            return PayloadOpenResult.Success(plaintext, keyId, sealedWithOldKey: !lookup.IsCurrent);
        }
    }

    public bool TryPeekDataProtectionKeyId(ReadOnlySpan<char> sealedText, out Guid keyId)
    {
        // 40 characters after the prefix are 30 bytes: the 8-byte header, then the wrapped key's magic header and key id.
        keyId = default;
        Span<byte> start = stackalloc byte[30];
        return sealedText.Length >= Prefix.Length + 40
            && Recognizes(sealedText)
            && Base64UrlText.TryDecode(sealedText.Slice(Prefix.Length, 40), start, out var written)
            && written == start.Length
            && DataProtection.DataProtectionKeyRing.TryReadKeyId(start[HeaderLength..], out keyId);
    }

    public bool TryReadRefreshAfter(ReadOnlySpan<char> sealedTextStart, out DateTimeOffset refreshAfter)
    {
        refreshAfter = default;
        Span<byte> hint = stackalloc byte[HintLength];
        if (sealedTextStart.Length < Prefix.Length + HintChars
            || !Recognizes(sealedTextStart)
            || !Base64UrlText.TryDecode(sealedTextStart.Slice(Prefix.Length, HintChars), hint, out var written)
            || written != HintLength)
        {
            return false;
        }

        refreshAfter = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(hint));
        return true;
    }

    /// <summary>
    /// The last characters of the text: they encode the GCM tag, so they are bound to the content for free. Text too short
    /// to hold a tag gets one no real chunk carries, and is rejected as mismatched.
    /// </summary>
    public void WriteContentTag(ReadOnlySpan<char> sealedText, Span<char> tag) => ContentTag.FromEnd(sealedText, tag);
}
