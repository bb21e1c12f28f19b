using System.Buffers.Binary;
using System.IO.Compression;

namespace CookieState.Tests.Security;

/// <summary>Hand-made state plaintexts that lie about their sizes, to be sealed with the real protector.</summary>
public static class CraftedPayloads
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A version 1 header followed by <paramref name="body"/>.</summary>
    public static byte[] State(params byte[][] body)
    {
        var header = new byte[33];
        header[0] = 1;
        Guid.NewGuid().TryWriteBytes(header.AsSpan(1, 16));
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(17), Now.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(25), Now.ToUnixTimeMilliseconds());
        return [.. header, .. body.SelectMany(b => b)];
    }

    public static byte[] VarInt(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }

    /// <summary>Claims <paramref name="count"/> entries and carries one.</summary>
    public static byte[] MillionsOfEntries(ulong count = 5_000_000) => State(VarInt(count), [1, (byte)'k', 1, 42]);

    /// <summary>One entry whose value claims <paramref name="length"/> bytes and carries four.</summary>
    public static byte[] HugeValueLength(ulong length = 2UL * 1024 * 1024 * 1024) => State(VarInt(1), [1, (byte)'k'], VarInt(length), [1, 2, 3, 4]);

    /// <summary>One entry whose key claims <paramref name="length"/> bytes.</summary>
    public static byte[] HugeKeyLength(ulong length = 2UL * 1024 * 1024 * 1024) => State(VarInt(1), VarInt(length), [(byte)'k']);

    /// <summary>Entries as given, serialized honestly.</summary>
    public static byte[] Entries(IEnumerable<(string Key, byte[] Value)> entries)
    {
        var list = entries.ToList();
        var parts = new List<byte[]> { VarInt((ulong)list.Count) };
        foreach (var (key, value) in list)
        {
            var keyBytes = System.Text.Encoding.UTF8.GetBytes(key);
            parts.Add(VarInt((ulong)keyBytes.Length));
            parts.Add(keyBytes);
            parts.Add(VarInt((ulong)value.Length));
            parts.Add(value);
        }

        return State([.. parts]);
    }

    /// <summary>
    /// A version 2 envelope whose DEFLATE body inflates to <paramref name="inflatedSize"/> bytes: a valid state header
    /// followed by a value of zeros, as a decompression bomb would be.
    /// </summary>
    public static byte[] DeflateBomb(int inflatedSize)
    {
        var state = State(VarInt(1), [1, (byte)'k'], VarInt((ulong)inflatedSize), new byte[inflatedSize]);
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(state);
        }

        var body = output.ToArray();
        return [2, 1, .. VarInt((ulong)body.Length), .. body];
    }
}
