using System.IO.Compression;

namespace CookieState;

/// <summary>
/// Turns a <see cref="SessionState"/> into the plaintext that is sealed, and back. With compression and padding off it is
/// the version 1 state format itself. Otherwise it is an envelope, format version 2, that a version 1 reader rejects:
/// <code>
/// version:u8(=2) flags:u8 bodyLength:varint body:bytes padding:zeros
///   flags bit 0: the body is raw DEFLATE of a version 1 state; otherwise the body is a version 1 state
/// </code>
/// Reading accepts both versions whatever the options say, so that turning compression or padding on or off never
/// ends live sessions.
/// </summary>
internal sealed class SessionPayloadCodec
{
    public const byte EnvelopeVersion = 2;
    private const byte FlagDeflate = 0x01;

    private readonly CookieStateOptions _options;

    public SessionPayloadCodec(CookieStateOptions options)
    {
        _options = options;
    }

    private bool UsesEnvelope => _options.Compression != CookieStateCompression.None || _options.PaddingBucket > 0;

    /// <summary>The plaintext to seal for <paramref name="state"/>.</summary>
    public byte[] Encode(SessionState state)
    {
        var serialized = SessionStateSerializer.Serialize(state);
        if (!UsesEnvelope)
        {
            return serialized;
        }

        ReadOnlySpan<byte> body = serialized;
        byte flags = 0;

        // A state beyond the cap stays uncompressed: never write what the reader would refuse to inflate.
        if (_options.Compression == CookieStateCompression.Deflate && serialized.Length <= _options.MaxDecompressedSize)
        {
            var compressed = Deflate(serialized);
            if (EnvelopeLength(compressed.Length) < EnvelopeLength(serialized.Length))
            {
                body = compressed;
                flags = FlagDeflate;
            }
        }

        if (flags == 0 && _options.PaddingBucket == 0)
        {
            // Compression did not pay and there is nothing to pad: the bare version 1 state is the shortest.
            return serialized;
        }

        var result = new byte[Pad(EnvelopeLength(body.Length))];
        result[0] = EnvelopeVersion;
        result[1] = flags;
        var offset = 2 + VarInt.Write(result.AsSpan(2), (uint)body.Length);
        body.CopyTo(result.AsSpan(offset));
        return result;
    }

    /// <summary>Reads plaintext made by <see cref="Encode"/>. Throws <see cref="SessionStateFormatException"/> for anything else.</summary>
    public SessionState Decode(byte[] plaintext)
    {
        if (plaintext.Length == 0 || plaintext[0] != EnvelopeVersion)
        {
            return SessionStateSerializer.Deserialize(plaintext, _options.MaxKeyCount, _options.MaxKeyLength);
        }

        if (plaintext.Length < 3)
        {
            throw Malformed("The envelope is shorter than its header.");
        }

        var flags = plaintext[1];
        if ((flags & ~FlagDeflate) != 0)
        {
            throw Malformed("Unknown envelope flags.");
        }

        ReadOnlySpan<byte> afterHeader = plaintext.AsSpan(2);
        var bodyLength = VarInt.Read(ref afterHeader);
        var offset = plaintext.Length - afterHeader.Length;
        if (bodyLength > (ulong)(plaintext.Length - offset))
        {
            throw Malformed("The envelope body length exceeds the payload.");
        }

        var body = plaintext.AsSpan(offset, (int)bodyLength);
        if (plaintext.AsSpan(offset + (int)bodyLength).ContainsAnyExcept((byte)0))
        {
            throw Malformed("The envelope padding is not zeros.");
        }

        if ((flags & FlagDeflate) == 0)
        {
            return SessionStateSerializer.Deserialize(body, _options.MaxKeyCount, _options.MaxKeyLength);
        }

        var inflated = Inflate(plaintext, offset, (int)bodyLength, _options.MaxDecompressedSize, out var inflatedLength);
        return SessionStateSerializer.Deserialize(inflated.AsSpan(0, inflatedLength), _options.MaxKeyCount, _options.MaxKeyLength);
    }

    /// <summary>
    /// An upper bound of the plaintext length for a state that serializes to <paramref name="serializedSize"/> bytes,
    /// assuming compression does not help.
    /// </summary>
    public int GetMaxPlaintextLength(int serializedSize) =>
        UsesEnvelope ? Pad(EnvelopeLength(serializedSize)) : serializedSize;

    /// <summary>Inflates raw DEFLATE into a buffer that never grows beyond <paramref name="cap"/> + 1 bytes.</summary>
    internal static byte[] Inflate(byte[] source, int offset, int count, int cap, out int length)
    {
        using var input = new MemoryStream(source, offset, count, writable: false);
        using var inflater = new DeflateStream(input, CompressionMode.Decompress);
        var buffer = new byte[(int)Math.Min((long)cap + 1, Math.Max(256L, (long)count * 4))];
        length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length > cap)
                    {
                        throw new SessionStateFormatException(
                            CookieStateRejectionReason.Oversized, "The compressed state inflates beyond MaxDecompressedSize.");
                    }

                    Array.Resize(ref buffer, (int)Math.Min((long)cap + 1, (long)buffer.Length * 2));
                }

                var read = inflater.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    return buffer;
                }

                length += read;
            }
        }
        catch (InvalidDataException)
        {
            throw Malformed("The compressed state is not valid DEFLATE.");
        }
    }

    internal static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream(data.Length / 2 + 16);
        using (var deflater = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflater.Write(data);
        }

        return output.ToArray();
    }

    private static int EnvelopeLength(int bodyLength) => 2 + VarInt.Length(bodyLength) + bodyLength;

    private int Pad(int length)
    {
        var bucket = _options.PaddingBucket;
        return bucket <= 0 ? length : checked((length + bucket - 1) / bucket * bucket);
    }

    private static SessionStateFormatException Malformed(string message) =>
        new(CookieStateRejectionReason.Malformed, message);
}
