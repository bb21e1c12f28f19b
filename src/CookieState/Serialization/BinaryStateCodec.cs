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
/// version 4: version:u8(=4) id:16 lineage:16 createdAt:i64 issuedAt:i64 idleTimeoutMs:varint
///            userLength:varint [user:utf8 boundAt:i64] persistentSinceMs:varint count:varint entry*
/// entry:     keyLength:varint key:utf8 valueLength:varint value
/// </code>
/// Times are Unix milliseconds; an idle timeout of 0 means the configured one; a user length of 0 means unbound (then no
/// user and no bind time follow); a persistent-since time of 0 means a browser-session session (Unix milliseconds plus one
/// otherwise, so that the epoch itself stays expressible). Versions 1 and 3 have no place for persistence and are never
/// written for a persistent session (the options refuse <c>MaxPersistentLifetime</c> with <c>WriteLegacyHeader</c>).
/// Version 1 is what CookieState wrote before per-session timeouts: it carries such a
/// timeout as the reserved entry <see cref="LegacyIdleTimeoutKey"/>, so that nodes that only read version 1 keep it intact.
/// Versions 1 and 3 carry a user binding as the reserved entry <see cref="SessionUser.LegacyKey"/>, and have no lineage:
/// read back, their lineage is the session id and the entry moves into the header. Every version is always read;
/// <see cref="BinaryLayout"/> picks the one written. Version 2 is the compression frame (<see cref="PayloadCompression"/>),
/// never a bare state.
/// </summary>
internal sealed class BinaryStateCodec : IStateCodec
{
    public const byte Version1 = 1;
    public const byte Version3 = 3;
    public const byte Version4 = 4;

    /// <summary>Where version 1 keeps a per-session idle timeout: 8 bytes, little-endian milliseconds.</summary>
    public const string LegacyIdleTimeoutKey = ".CookieState.IdleTimeout";

    private const int FixedHeaderSize = 1 + 16 + 8 + 8;

    // Version 4 puts the lineage between the id and the times.
    private const int FixedHeaderSize4 = FixedHeaderSize + 16;

    private static readonly int LegacyUserKeyLength = Encoding.UTF8.GetByteCount(SessionUser.LegacyKey);

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
        if (_layout == BinaryLayout.Version4)
        {
            var userLength = header.User is { } user ? StrictUtf8.Encoding.GetByteCount(user.UserId) : 0;
            return FixedHeaderSize4 + VarInt.Length(TimeoutMilliseconds(header)) + VarInt.Length(userLength)
                + (userLength > 0 ? userLength + sizeof(long) : 0) + VarInt.Length(PersistentSinceValue(header))
                + VarInt.Length(count) + entriesSize;
        }

        // The earlier layouts carry what their header lacks as reserved entries.
        var length = FixedHeaderSize + entriesSize;
        if (_layout == BinaryLayout.Version3)
        {
            length += VarInt.Length(TimeoutMilliseconds(header));
        }
        else if (header.IdleTimeout is not null)
        {
            length += LegacyTimeoutEntrySize;
            count++;
        }

        if (header.User is { } bound)
        {
            length += EntrySize(LegacyUserKeyLength, bound.LegacyLength);
            count++;
        }

        return length + VarInt.Length(count);
    }

    public void Write(in SessionHeader header, Dictionary<string, byte[]> entries, int entriesSize, Span<byte> destination)
    {
        destination[0] = _layout switch
        {
            BinaryLayout.Version4 => Version4,
            BinaryLayout.Version3 => Version3,
            _ => Version1,
        };
        header.Id.TryWriteBytes(destination.Slice(1, 16));
        var offset = 17;
        if (_layout == BinaryLayout.Version4)
        {
            header.LineageId.TryWriteBytes(destination.Slice(offset, 16));
            offset += 16;
        }

        BinaryPrimitives.WriteInt64LittleEndian(destination[offset..], header.CreatedAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt64LittleEndian(destination[(offset + 8)..], header.IssuedAt.ToUnixTimeMilliseconds());
        offset += 16;
        var legacyTimeout = _layout == BinaryLayout.Version1 && header.IdleTimeout is not null;
        var legacyUser = _layout != BinaryLayout.Version4 && header.User is not null;
        if (_layout != BinaryLayout.Version1)
        {
            offset += VarInt.Write(destination[offset..], TimeoutMilliseconds(header));
        }

        if (_layout == BinaryLayout.Version4)
        {
            offset += WriteUser(destination[offset..], header.User);
            offset += VarInt.Write(destination[offset..], PersistentSinceValue(header));
        }

        offset += VarInt.Write(destination[offset..], (ulong)(entries.Count + (legacyTimeout ? 1 : 0) + (legacyUser ? 1 : 0)));
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

        if (legacyUser)
        {
            offset += WriteEntry(destination[offset..], SessionUser.LegacyKey, header.User!.Value.EncodeLegacy());
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
        if (version is not (Version1 or Version3 or Version4))
        {
            throw SessionStateFormatException.Malformed("Unknown state format version.");
        }

        if (version == Version4 && plaintext.Length < FixedHeaderSize4 + 1)
        {
            throw SessionStateFormatException.Malformed("The state is shorter than its header.");
        }

        var id = new Guid(plaintext.Slice(1, 16));
        var offset = 17;
        var lineage = id;
        if (version == Version4)
        {
            lineage = new Guid(plaintext.Slice(offset, 16));
            offset += 16;
            if (lineage == Guid.Empty)
            {
                throw SessionStateFormatException.Malformed("The lineage id is empty.");
            }
        }

        var createdAt = ReadTimestamp(plaintext[offset..]);
        var issuedAt = ReadTimestamp(plaintext[(offset + 8)..]);
        var rest = plaintext[(offset + 16)..];
        TimeSpan? idleTimeout = version == Version1 ? null : ReadTimeout(VarInt.Read(ref rest));
        var user = version == Version4 ? ReadUser(ref rest) : null;
        var persistentSince = version == Version4 ? ReadPersistentSince(ref rest) : null;
        var entries = ReadEntries(ref rest);
        if (version == Version1 && entries.Remove(LegacyIdleTimeoutKey, out var legacy))
        {
            idleTimeout = legacy.Length == sizeof(long)
                ? ReadTimeout((ulong)BinaryPrimitives.ReadInt64LittleEndian(legacy))
                : throw SessionStateFormatException.Malformed("The idle timeout entry is malformed.");
        }

        if (version != Version4)
        {
            // Sealed before the binding moved into the header: it moves now, so a live session keeps it across the upgrade.
            user = SessionUser.Lift(entries);
        }

        if (entries.Count > _maxKeyCount)
        {
            throw SessionStateFormatException.Oversized("The state holds more keys than allowed.");
        }

        return new SessionPayload(new SessionHeader(id, createdAt, issuedAt, idleTimeout, Lineage: lineage, User: user, PersistentSince: persistentSince), entries);
    }

    private static ulong PersistentSinceValue(in SessionHeader header) =>
        header.PersistentSince is { } since ? (ulong)Math.Max(0, since.ToUnixTimeMilliseconds()) + 1 : 0;

    private static DateTimeOffset? ReadPersistentSince(ref ReadOnlySpan<byte> rest)
    {
        var value = VarInt.Read(ref rest);
        if (value == 0)
        {
            return null;
        }

        if (value - 1 > (ulong)DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            throw SessionStateFormatException.Malformed("The persistent-since time is out of range.");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds((long)(value - 1));
    }

    private static SessionUser? ReadUser(ref ReadOnlySpan<byte> rest)
    {
        var userBytes = ReadLengthPrefixed(ref rest);
        if (userBytes.IsEmpty)
        {
            return null;
        }

        if (!Utf8.IsValid(userBytes))
        {
            throw SessionStateFormatException.Malformed("The bound user id is not valid UTF-8.");
        }

        if (rest.Length < sizeof(long))
        {
            throw SessionStateFormatException.Malformed("The state is shorter than its header.");
        }

        var userId = Encoding.UTF8.GetString(userBytes);
        var boundAt = ReadTimestamp(rest);
        rest = rest[sizeof(long)..];
        return new SessionUser(userId, boundAt);
    }

    private static int WriteUser(Span<byte> destination, SessionUser? user)
    {
        if (user is not { } bound)
        {
            return VarInt.Write(destination, 0);
        }

        var length = StrictUtf8.Encoding.GetByteCount(bound.UserId);
        var offset = VarInt.Write(destination, (ulong)length);
        offset += StrictUtf8.Encoding.GetBytes(bound.UserId, destination[offset..]);
        BinaryPrimitives.WriteInt64LittleEndian(destination[offset..], bound.BoundAt.ToUnixTimeMilliseconds());
        return offset + sizeof(long);
    }

    private Dictionary<string, byte[]> ReadEntries(ref ReadOnlySpan<byte> rest)
    {
        var count = VarInt.Read(ref rest);

        // Every entry takes at least two bytes, so a count beyond that is a lie: refuse it before sizing anything by it.
        if (count > (ulong)rest.Length / 2)
        {
            throw SessionStateFormatException.Malformed("The entry count exceeds the payload.");
        }

        // Two more than the limit are allowed here for the legacy timeout and user entries, which are not session keys;
        // the limit itself is checked once they have moved into the header.
        if (count > (ulong)_maxKeyCount + 2)
        {
            throw SessionStateFormatException.Oversized("The state holds more keys than allowed.");
        }

        var entries = new Dictionary<string, byte[]>((int)count, StringComparer.Ordinal);
        for (var i = 0; i < (int)count; i++)
        {
            var keyBytes = ReadLengthPrefixed(ref rest);
            if (keyBytes.Length > _maxKeyLength && !keyBytes.SequenceEqual(LegacyIdleTimeoutKeyUtf8) && !keyBytes.SequenceEqual(LegacyUserKeyUtf8))
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

        return entries;
    }

    private static ReadOnlySpan<byte> LegacyIdleTimeoutKeyUtf8 => ".CookieState.IdleTimeout"u8;

    private static ReadOnlySpan<byte> LegacyUserKeyUtf8 => ".CookieState.User"u8;

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
