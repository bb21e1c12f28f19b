using System.IO.Compression;

namespace CookieState.Serialization;

/// <summary>
/// The optional frame around a binary state, format version 2, for compression and padding:
/// <code>
/// version:u8(=2) flags:u8 bodyLength:varint body:bytes padding:zeros
///   flags bit 0: the body is raw DEFLATE of a binary state; otherwise the body is the state itself
/// </code>
/// Reading accepts it whatever the options say, so that turning compression or padding on or off never ends live sessions.
/// </summary>
internal sealed class PayloadCompression
{
    public const byte FrameVersion = 2;
    private const byte FlagDeflate = 0x01;

    private readonly CookieStateCompression _compression;
    private readonly int _maxDecompressedSize;
    private readonly int _paddingBucket;

    public PayloadCompression(CookieStateCompression compression, int maxDecompressedSize, int paddingBucket)
    {
        _compression = compression;
        _maxDecompressedSize = maxDecompressedSize;
        _paddingBucket = paddingBucket;
    }

    public bool Enabled => _compression != CookieStateCompression.None || _paddingBucket > 0;

    public bool Compresses => _compression != CookieStateCompression.None;

    public static bool IsFrame(ReadOnlySpan<byte> plaintext) => plaintext.Length > 0 && plaintext[0] == FrameVersion;

    /// <summary>The longest <see cref="Wrap"/> makes a state of <paramref name="stateLength"/> bytes, assuming DEFLATE does not help.</summary>
    public int GetMaxLength(int stateLength) => Enabled ? Pad(FrameLength(stateLength)) : stateLength;

    /// <summary>
    /// Returns the plaintext to seal for <paramref name="state"/>: the state itself when neither compression nor padding
    /// applies (and then <paramref name="state"/> is handed back), otherwise a new frame.
    /// </summary>
    public PooledBytes Wrap(PooledBytes state)
    {
        if (!Enabled)
        {
            return state;
        }

        byte[]? compressed = null;

        // A state beyond the cap stays uncompressed: never write what the reader would refuse to inflate.
        if (Compresses && state.Length <= _maxDecompressedSize)
        {
            compressed = Deflate(state.Span);
            if (FrameLength(compressed.Length) >= FrameLength(state.Length))
            {
                compressed = null;
            }
        }

        if (compressed is null && _paddingBucket == 0)
        {
            // Compression did not pay and there is nothing to pad: the bare state is the shortest.
            return state;
        }

        ReadOnlySpan<byte> body = compressed ?? state.Span;
        var frame = new PooledBytes(Pad(FrameLength(body.Length)));
        var span = frame.Span;
        span.Clear();
        span[0] = FrameVersion;
        span[1] = compressed is null ? (byte)0 : FlagDeflate;
        var offset = 2 + VarInt.Write(span[2..], (ulong)body.Length);
        body.CopyTo(span[offset..]);
        state.Dispose();
        return frame;
    }

    /// <summary>
    /// Reads the state out of a frame. The result is a slice of <paramref name="plaintext"/>, or of
    /// <paramref name="inflated"/> when the body was compressed; the caller returns that buffer.
    /// </summary>
    public ReadOnlySpan<byte> Unwrap(ReadOnlySpan<byte> plaintext, out PooledBytes inflated)
    {
        inflated = default;
        if (plaintext.Length < 3)
        {
            throw SessionStateFormatException.Malformed("The frame is shorter than its header.");
        }

        var flags = plaintext[1];
        if ((flags & ~FlagDeflate) != 0)
        {
            throw SessionStateFormatException.Malformed("Unknown frame flags.");
        }

        var rest = plaintext[2..];
        var claimed = VarInt.Read(ref rest);
        if (claimed > (ulong)rest.Length)
        {
            throw SessionStateFormatException.Malformed("The frame body length exceeds the payload.");
        }

        var bodyLength = (int)claimed;
        if (rest[bodyLength..].ContainsAnyExcept((byte)0))
        {
            throw SessionStateFormatException.Malformed("The frame padding is not zeros.");
        }

        var body = rest[..bodyLength];
        if ((flags & FlagDeflate) == 0)
        {
            return body;
        }

        if (body.IsEmpty)
        {
            throw SessionStateFormatException.Malformed("The compressed state is empty.");
        }

        inflated = Inflate(body, _maxDecompressedSize);
        return inflated.Span;
    }

    /// <summary>Inflates raw DEFLATE into a buffer that never grows beyond <paramref name="cap"/> + 1 bytes.</summary>
    internal static PooledBytes Inflate(ReadOnlySpan<byte> body, int cap)
    {
        var output = new PooledBytes(cap + 1);
        try
        {
            unsafe
            {
                fixed (byte* source = body)
                {
                    using var input = new UnmanagedMemoryStream(source, body.Length);
                    using var inflater = new DeflateStream(input, CompressionMode.Decompress);
                    var length = 0;
                    int read;
                    while ((read = inflater.Read(output.Span[length..])) > 0)
                    {
                        length += read;
                        if (length > cap)
                        {
                            throw SessionStateFormatException.Oversized("The compressed state inflates beyond MaxDecompressedSize.");
                        }
                    }

                    output.Truncate(length);
                    return output;
                }
            }
        }
        catch (InvalidDataException)
        {
            output.Dispose();
            throw SessionStateFormatException.Malformed("The compressed state is not valid DEFLATE.");
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    internal static byte[] Deflate(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream((data.Length / 2) + 16);
        using (var deflater = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflater.Write(data);
        }

        return output.ToArray();
    }

    private static int FrameLength(int bodyLength) => 2 + VarInt.Length(bodyLength) + bodyLength;

    private int Pad(int length) =>
        _paddingBucket <= 0 ? length : checked((length + _paddingBucket - 1) / _paddingBucket * _paddingBucket);
}
