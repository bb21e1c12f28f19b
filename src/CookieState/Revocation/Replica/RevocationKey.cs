using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace CookieState.Revocation.Replica;

/// <summary>
/// A revoked id as the replica and the log keep it: the first 128 bits of SHA-256 over the kind and the id (for a user,
/// over the kind and SHA-256 of the id). Fixed-size keys
/// keep an entry at a few dozen bytes whatever the id looks like (the memory bound of docs/security.md), and the log never
/// holds a user id in clear. A collision would refuse one unrelated session, at odds of 2^-64 among 2^32 entries.
/// </summary>
internal readonly record struct RevocationKey(ulong High, ulong Low)
{
    public static RevocationKey For(RevocationKind kind, string id)
    {
        if (kind == RevocationKind.User)
        {
            Span<byte> userHash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(Encoding.UTF8.GetBytes(id), userHash);
            return ForUserHash(userHash);
        }

        var length = 1 + Encoding.UTF8.GetByteCount(id);
        Span<byte> input = length <= 256 ? stackalloc byte[length] : new byte[length];
        input[0] = (byte)kind;
        Encoding.UTF8.GetBytes(id, input[1..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        return FromBytes(hash);
    }

    /// <summary>
    /// A user's key from SHA-256 of the user id, the only form of it the per-request distributed-cache implementation stored
    /// (<c>user:{base64url(sha256(userId))}</c>): keying users through that hash lets those entries be imported.
    /// </summary>
    public static RevocationKey ForUserHash(ReadOnlySpan<byte> userIdSha256)
    {
        if (userIdSha256.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException("Not a SHA-256 hash.", nameof(userIdSha256));
        }

        Span<byte> input = stackalloc byte[1 + SHA256.HashSizeInBytes];
        input[0] = (byte)RevocationKind.User;
        userIdSha256.CopyTo(input[1..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        return FromBytes(hash);
    }

    public static RevocationKey FromBytes(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
    }

    /// <summary>32 lowercase hex digits, how text-based logs (Redis stream fields, SQL) store the key.</summary>
    public override string ToString() => string.Create(32, this, static (chars, key) =>
    {
        key.High.TryFormat(chars, out _, "x16", System.Globalization.CultureInfo.InvariantCulture);
        key.Low.TryFormat(chars[16..], out _, "x16", System.Globalization.CultureInfo.InvariantCulture);
    });

    public static bool TryParse(ReadOnlySpan<char> text, out RevocationKey key)
    {
        key = default;
        if (text.Length != 32
            || !ulong.TryParse(text[..16], System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var high)
            || !ulong.TryParse(text[16..], System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var low))
        {
            return false;
        }

        key = new RevocationKey(high, low);
        return true;
    }
}
