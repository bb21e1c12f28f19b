using System.Buffers.Binary;
using System.Security.Cryptography;

namespace CookieState.Protection.Envelope;

/// <summary>
/// What Data Protection wraps for a data key: the protected plaintext, inside the wrapped key a cookie carries.
/// <code>
/// version 1 = key 32                                  (0.2: no creation time, so no expiry)
/// version 2 = version u8 (=2)  createdAt i64be  key 32  (Unix milliseconds)
/// </code>
/// The two differ in length, so a version 1 reader refuses a version 2 key as malformed instead of misreading it, and the
/// version and creation time are authenticated by Data Protection with the key itself.
/// </summary>
internal static class WrappedDataKey
{
    public const int Version1 = 1;
    public const int Version2 = 2;
    private const int Version2Length = 1 + sizeof(long) + DataKey.KeySize;

    /// <summary>The plaintext to wrap for <paramref name="key"/>; the caller wipes it once wrapped.</summary>
    public static byte[] Write(int version, ReadOnlySpan<byte> key, DateTimeOffset createdAt)
    {
        if (version == Version1)
        {
            return key.ToArray();
        }

        var plaintext = new byte[Version2Length];
        plaintext[0] = Version2;
        BinaryPrimitives.WriteInt64BigEndian(plaintext.AsSpan(1), createdAt.ToUnixTimeMilliseconds());
        key.CopyTo(plaintext.AsSpan(1 + sizeof(long)));
        return plaintext;
    }

    /// <summary>
    /// Reads unwrapped plaintext: the key material (a new array), the version and, for version 2, the creation time.
    /// Wipes <paramref name="plaintext"/> either way; <see langword="false"/> for anything that is neither layout.
    /// </summary>
    public static bool TryRead(byte[] plaintext, out byte[] key, out int version, out DateTimeOffset? createdAt)
    {
        try
        {
            if (plaintext.Length == DataKey.KeySize)
            {
                key = plaintext.ToArray();
                version = Version1;
                createdAt = null;
                return true;
            }

            if (plaintext.Length == Version2Length && plaintext[0] == Version2)
            {
                var milliseconds = BinaryPrimitives.ReadInt64BigEndian(plaintext.AsSpan(1));
                if (milliseconds >= 0 && milliseconds <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
                {
                    key = plaintext.AsSpan(1 + sizeof(long)).ToArray();
                    version = Version2;
                    createdAt = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
                    return true;
                }
            }

            key = [];
            version = 0;
            createdAt = null;
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
