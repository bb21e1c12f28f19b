using System.Runtime.InteropServices;
using System.Security.Cryptography;
using CookieState.Cookies;
using CookieState.Serialization;

namespace CookieState.Protection;

/// <summary>
/// One way of turning a session into sealed text and back: a codec (state ↔ plaintext), the optional compression frame,
/// and a sealer (plaintext ↔ sealed text). Sizes are exact up to the sealer's bound, so budgets are checked without sealing.
/// </summary>
internal sealed class SessionFormat
{
    private readonly PayloadCompression? _compression;
    private readonly PayloadCompression? _decompression;

    /// <param name="codec">The state codec.</param>
    /// <param name="sealer">The sealer.</param>
    /// <param name="compression">The configured compression, or <see langword="null"/> for a codec that never uses it.</param>
    public SessionFormat(IStateCodec codec, IPayloadSealer sealer, PayloadCompression? compression)
    {
        Codec = codec;
        Sealer = sealer;
        _compression = compression is { Enabled: true } ? compression : null;
        _decompression = compression;
    }

    public IStateCodec Codec { get; }

    public IPayloadSealer Sealer { get; }

    public CookieStateFormat Kind => Sealer.Format;

    /// <summary>Whether compression may make the state smaller than <see cref="GetMaxSealedLength"/> says.</summary>
    public bool Compresses => _compression is { Compresses: true };

    /// <summary>An upper bound of the sealed length of a state, assuming compression does not help.</summary>
    public int GetMaxSealedLength(in SessionHeader header, int count, int entriesSize)
    {
        var length = Codec.GetLength(header, count, entriesSize);
        return Sealer.GetSealedLength(_compression?.GetMaxLength(length) ?? length);
    }

    /// <summary>The sealed length with compression applied: encodes and compresses the state, but does not seal it.</summary>
    public int MeasureCompressedSealedLength(in SessionHeader header, Dictionary<string, byte[]> entries, int entriesSize)
    {
        using var plaintext = Encode(header, entries, entriesSize);
        return Sealer.GetSealedLength(plaintext.Length);
    }

    public PooledChars Seal(in SessionHeader header, Dictionary<string, byte[]> entries, int entriesSize, DateTimeOffset refreshAfter)
    {
        using var plaintext = Encode(header, entries, entriesSize);
        return Sealer.Seal(plaintext.Span, refreshAfter);
    }

    /// <summary>Whether <paramref name="tag"/>, as a chunk set carried it, is the one this format binds to <paramref name="sealedText"/>.</summary>
    public bool HasContentTag(ReadOnlySpan<char> sealedText, ReadOnlySpan<char> tag)
    {
        Span<char> expected = stackalloc char[ChunkHeader.TagLength];
        Sealer.WriteContentTag(sealedText, expected);
        return CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(expected), MemoryMarshal.AsBytes(tag));
    }

    /// <summary>Decodes opened plaintext; throws <see cref="SessionStateFormatException"/> for anything else.</summary>
    public SessionPayload Decode(ReadOnlySpan<byte> plaintext)
    {
        if (_decompression is null || !PayloadCompression.IsFrame(plaintext))
        {
            return Codec.Read(plaintext);
        }

        // Read whatever the options say now, so that turning compression off never ends live sessions.
        var state = _decompression.Unwrap(plaintext, out var inflated);
        using (inflated)
        {
            return Codec.Read(state);
        }
    }

    private PooledBytes Encode(in SessionHeader header, Dictionary<string, byte[]> entries, int entriesSize)
    {
        var state = new PooledBytes(Codec.GetLength(header, entries.Count, entriesSize));
        Codec.Write(header, entries, entriesSize, state.Span);
        return _compression?.Wrap(state) ?? state;
    }
}
