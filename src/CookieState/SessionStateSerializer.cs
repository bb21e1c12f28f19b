using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace CookieState;

/// <summary>
/// The binary state format, version 1. Little-endian, no type names, every length checked against the bytes left before
/// anything is allocated, so a hostile payload cannot make the reader allocate more than its own size.
/// <code>
/// version:u8(=1) id:16 createdAt:i64(unix ms) issuedAt:i64(unix ms) count:varint
///   { keyLength:varint key:utf8 valueLength:varint value:bytes } * count
/// </code>
/// </summary>
internal static class SessionStateSerializer
{
    public const byte FormatVersion = 1;
    private const int HeaderSize = 1 + 16 + 8 + 8;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] Serialize(SessionState state)
    {
        var writer = new ArrayBufferWriter<byte>(GetSerializedSize(state));
        Write(writer, state);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>The exact size <see cref="Serialize"/> produces, computed without allocating.</summary>
    public static int GetSerializedSize(SessionState state)
    {
        var size = HeaderSize + VarInt.Length(state.Entries.Count);
        foreach (var (key, value) in state.Entries)
        {
            size += GetEntrySize(key, value.Length);
        }

        return size;
    }

    public static int GetEntrySize(string key, int valueLength)
    {
        var keyLength = StrictUtf8.GetByteCount(key);
        return VarInt.Length(keyLength) + keyLength + VarInt.Length(valueLength) + valueLength;
    }

    public static void Write(IBufferWriter<byte> writer, SessionState state)
    {
        var header = writer.GetSpan(HeaderSize);
        header[0] = FormatVersion;
        state.Id.CopyTo(header[1..17]);
        BinaryPrimitives.WriteInt64LittleEndian(header[17..25], state.CreatedAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt64LittleEndian(header[25..33], state.IssuedAt.ToUnixTimeMilliseconds());
        writer.Advance(HeaderSize);
        WriteVarInt(writer, (uint)state.Entries.Count);

        // Ordinal key order makes equal states serialize to equal bytes, which is how "changed" is detected.
        foreach (var key in state.Entries.Keys.Order(StringComparer.Ordinal))
        {
            var value = state.Entries[key];
            var keyLength = StrictUtf8.GetByteCount(key);
            WriteVarInt(writer, (uint)keyLength);
            writer.Advance(StrictUtf8.GetBytes(key, writer.GetSpan(keyLength)));
            WriteVarInt(writer, (uint)value.Length);
            value.CopyTo(writer.GetSpan(value.Length));
            writer.Advance(value.Length);
        }
    }

    private static void WriteVarInt(IBufferWriter<byte> writer, uint value) =>
        writer.Advance(VarInt.Write(writer.GetSpan(VarInt.MaxLength), value));

    public static SessionState Deserialize(ReadOnlySpan<byte> data, int maxKeyCount, int maxKeyLength)
    {
        if (data.Length < HeaderSize + 1)
        {
            throw Malformed("The state is shorter than its header.");
        }

        if (data[0] != FormatVersion)
        {
            throw Malformed("Unknown state format version.");
        }

        var id = data[1..17].ToArray();
        var createdAt = ReadTimestamp(data[17..25]);
        var issuedAt = ReadTimestamp(data[25..33]);
        var rest = data[HeaderSize..];
        var count = VarInt.Read(ref rest);

        // Every entry takes at least two bytes, so a count beyond that is a lie: reject before sizing anything by it.
        if (count > (ulong)rest.Length / 2)
        {
            throw Malformed("The entry count exceeds the payload.");
        }

        if (count > (ulong)maxKeyCount)
        {
            throw new SessionStateFormatException(CookieStateRejectionReason.Oversized, "The state holds more keys than allowed.");
        }

        var entries = new Dictionary<string, byte[]>((int)count, StringComparer.Ordinal);
        for (var i = 0UL; i < count; i++)
        {
            var keyBytes = ReadLengthPrefixed(ref rest);
            if (keyBytes.Length > maxKeyLength)
            {
                throw new SessionStateFormatException(CookieStateRejectionReason.Oversized, "A key is longer than allowed.");
            }

            string key;
            try
            {
                key = StrictUtf8.GetString(keyBytes);
            }
            catch (DecoderFallbackException)
            {
                throw Malformed("A key is not valid UTF-8.");
            }

            var value = ReadLengthPrefixed(ref rest).ToArray();
            if (!entries.TryAdd(key, value))
            {
                throw Malformed("A key appears twice.");
            }
        }

        if (!rest.IsEmpty)
        {
            throw Malformed("Trailing bytes after the last entry.");
        }

        return new SessionState(id, createdAt, issuedAt, entries);
    }

    private static DateTimeOffset ReadTimestamp(ReadOnlySpan<byte> bytes)
    {
        var milliseconds = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        if (milliseconds < 0 || milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            throw Malformed("A timestamp is out of range.");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
    }

    private static ReadOnlySpan<byte> ReadLengthPrefixed(ref ReadOnlySpan<byte> data)
    {
        var length = VarInt.Read(ref data);
        if (length > (ulong)data.Length)
        {
            throw Malformed("A length exceeds the payload.");
        }

        var result = data[..(int)length];
        data = data[(int)length..];
        return result;
    }

    private static SessionStateFormatException Malformed(string message) =>
        new(CookieStateRejectionReason.Malformed, message);
}
