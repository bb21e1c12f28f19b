using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace CookieState.Serialization;

/// <summary>
/// The binary state format. Little-endian, no type names, every length checked against the bytes left before anything is
/// allocated, so a hostile payload cannot make the reader allocate more than its own size.
/// <code>
/// version 1: version:u8(=1) id:16 createdAt:i64 issuedAt:i64 count:varint entry*
/// version 3: version:u8(=3) id:16 createdAt:i64 issuedAt:i64 idleTimeoutMs:varint count:varint entry*
/// entry:     keyLength:varint key:utf8 valueLength:varint value
/// </code>
/// Times are Unix milliseconds; an idle timeout of 0 means the configured one. Version 1 is what CookieState wrote before
/// per-session timeouts: it carries such a timeout as the reserved entry <see cref="LegacyIdleTimeoutKey"/>, so that nodes
/// that only read version 1 keep it intact. Both versions are always read; <see cref="BinaryLayout"/> picks the one written.
/// Version 2 is the compression frame (<see cref="PayloadCompression"/>), never a bare state.
/// </summary>
internal sealed class BinaryStateCodec : IStateCodec
{
    public const byte Version1 = 1;
    public const byte Version3 = 3;

    /// <summary>Where version 1 keeps a per-session idle timeout: 8 bytes, little-endian milliseconds.</summary>
    public const string LegacyIdleTimeoutKey = ".CookieState.IdleTimeout";

    private const int FixedHeaderSize = 1 + 16 + 8 + 8;

    private static readonly int LegacyTimeoutEntrySize = EntrySize(Encoding.UTF8.GetByteCount(LegacyIdleTimeoutKey), sizeof(long));

    private readonly BinaryLayout _layout;
    private readonly int _maxKeyCount;
    private readonly int _maxKeyLength;

    public BinaryStateCodec(BinaryLayout layout, int maxKeyCount, int maxKeyLength)
    {
        _layout = layout;
        _maxKeyCount = maxKeyCount;
        _maxKeyLength = maxKeyLength;
    }

    public int GetEntrySize(string key, int valueLength) => EntrySize(Encoding.UTF8.GetByteCount(key), valueLength);

    public int GetLength(in SessionHeader header, int count, int entriesSize)
    {
        if (_layout == BinaryLayout.Version3)
        {
            return FixedHeaderSize + VarInt.Length(TimeoutMilliseconds(header)) + VarInt.Length(count) + entriesSize;
        }

        return header.IdleTimeout is null
            ? FixedHeaderSize + VarInt.Length(count) + entriesSize
            : FixedHeaderSize + VarInt.Length(count + 1) + entriesSize + LegacyTimeoutEntrySize;
    }

    public void Write(in SessionHeader header, Dictionary<string, byte[]> entries, int entriesSize, Span<byte> destination)
    {
        destination[0] = _layout == BinaryLayout.Version3 ? Version3 : Version1;
        header.Id.TryWriteBytes(destination.Slice(1, 16));
        BinaryPrimitives.WriteInt64LittleEndian(destination[17..], header.CreatedAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt64LittleEndian(destination[25..], header.IssuedAt.ToUnixTimeMilliseconds());
        var offset = FixedHeaderSize;
        var legacyTimeout = _layout == BinaryLayout.Version1 && header.IdleTimeout is not null;
        if (_layout == BinaryLayout.Version3)
        {
            offset += VarInt.Write(destination[offset..], TimeoutMilliseconds(header));
        }

        offset += VarInt.Write(destination[offset..], (ulong)(entries.Count + (legacyTimeout ? 1 : 0)));
        foreach (var (key, value) in entries)
        {
            offset += WriteEntry(destination[offset..], key, value);
        }

        if (legacyTimeout)
        {
            Span<byte> timeout = stackalloc byte[sizeof(long)];
            BinaryPrimitives.WriteInt64LittleEndian(timeout, (long)TimeoutMilliseconds(header));
            offset += WriteEntry(destination[offset..], LegacyIdleTimeoutKey, timeout);
        }

        if (offset != destination.Length)
        {
            throw new InvalidOperationException("The state changed while it was being written.");
        }
    }

    public SessionPayload Read(ReadOnlySpan<byte> plaintext)
    {
        if (plaintext.Length < FixedHeaderSize + 1)
        {
            throw SessionStateFormatException.Malformed("The state is shorter than its header.");
        }

        var version = plaintext[0];
        if (version is not (Version1 or Version3))
        {
            throw SessionStateFormatException.Malformed("Unknown state format version.");
        }

        var id = new Guid(plaintext.Slice(1, 16));
        var createdAt = ReadTimestamp(plaintext[17..]);
        var issuedAt = ReadTimestamp(plaintext[25..]);
        var rest = plaintext[FixedHeaderSize..];
        TimeSpan? idleTimeout = version == Version3 ? ReadTimeout(VarInt.Read(ref rest)) : null;
        var entries = ReadEntries(ref rest);
        if (version == Version1 && entries.Remove(LegacyIdleTimeoutKey, out var legacy))
        {
            idleTimeout = legacy.Length == sizeof(long)
                ? ReadTimeout((ulong)BinaryPrimitives.ReadInt64LittleEndian(legacy))
                : throw SessionStateFormatException.Malformed("The idle timeout entry is malformed.");
        }

        return new SessionPayload(new SessionHeader(id, createdAt, issuedAt, idleTimeout), entries);
    }

    private Dictionary<string, byte[]> ReadEntries(ref ReadOnlySpan<byte> rest)
    {
        var count = VarInt.Read(ref rest);

        // Every entry takes at least two bytes, so a count beyond that is a lie: refuse it before sizing anything by it.
        if (count > (ulong)rest.Length / 2)
        {
            throw SessionStateFormatException.Malformed("The entry count exceeds the payload.");
        }

        // One more than the limit is allowed here for the legacy timeout entry, which is not a session key.
        if (count > (ulong)_maxKeyCount + 1)
        {
            throw SessionStateFormatException.Oversized("The state holds more keys than allowed.");
        }

        var entries = new Dictionary<string, byte[]>((int)count, StringComparer.Ordinal);
        for (var i = 0; i < (int)count; i++)
        {
            var keyBytes = ReadLengthPrefixed(ref rest);
            if (keyBytes.Length > _maxKeyLength && !keyBytes.SequenceEqual(LegacyIdleTimeoutKeyUtf8))
            {
                throw SessionStateFormatException.Oversized("A key is longer than allowed.");
            }

            if (!Utf8.IsValid(keyBytes))
            {
                throw SessionStateFormatException.Malformed("A key is not valid UTF-8.");
            }

            var key = Encoding.UTF8.GetString(keyBytes);
            if (!entries.TryAdd(key, ReadLengthPrefixed(ref rest).ToArray()))
            {
                throw SessionStateFormatException.Malformed("A key appears twice.");
            }
        }

        if (!rest.IsEmpty)
        {
            throw SessionStateFormatException.Malformed("Trailing bytes after the last entry.");
        }

        if (entries.Count > _maxKeyCount && !entries.ContainsKey(LegacyIdleTimeoutKey))
        {
            throw SessionStateFormatException.Oversized("The state holds more keys than allowed.");
        }

        return entries;
    }

    private static ReadOnlySpan<byte> LegacyIdleTimeoutKeyUtf8 => ".CookieState.IdleTimeout"u8;

    private static int EntrySize(int keyLength, int valueLength) =>
        VarInt.Length(keyLength) + keyLength + VarInt.Length(valueLength) + valueLength;

    private static int WriteEntry(Span<byte> destination, string key, ReadOnlySpan<byte> value)
    {
        var keyLength = Encoding.UTF8.GetByteCount(key);
        var offset = VarInt.Write(destination, (ulong)keyLength);
        offset += Encoding.UTF8.GetBytes(key, destination[offset..]);
        offset += VarInt.Write(destination[offset..], (ulong)value.Length);
        value.CopyTo(destination[offset..]);
        return offset + value.Length;
    }

    private static ulong TimeoutMilliseconds(in SessionHeader header) =>
        header.IdleTimeout is { } timeout ? (ulong)timeout.TotalMilliseconds : 0;

    private static TimeSpan? ReadTimeout(ulong milliseconds) =>
        milliseconds switch
        {
            0 => null,
            > (ulong)int.MaxValue * 1000 => throw SessionStateFormatException.Malformed("The idle timeout is out of range."),
            _ => TimeSpan.FromMilliseconds(milliseconds),
        };

    private static DateTimeOffset ReadTimestamp(ReadOnlySpan<byte> bytes)
    {
        var milliseconds = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        return milliseconds >= 0 && milliseconds <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : throw SessionStateFormatException.Malformed("A timestamp is out of range.");
    }

    private static ReadOnlySpan<byte> ReadLengthPrefixed(ref ReadOnlySpan<byte> data)
    {
        var length = VarInt.Read(ref data);
        if (length > (ulong)data.Length)
        {
            throw SessionStateFormatException.Malformed("A length exceeds the payload.");
        }

        var result = data[..(int)length];
        data = data[(int)length..];
        return result;
    }
}
