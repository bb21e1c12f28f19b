using System.Buffers.Binary;
using System.Text;
using CookieState.Serialization;

namespace CookieState.Revocation;

/// <summary>
/// The value kept under <see cref="CookieStateDefaults.UserBindingKey"/>: <c>boundAt:i64(unix ms) userId:utf8</c>.
/// The bind time is what a user-wide revocation is compared with.
/// </summary>
internal static class SessionUserBinding
{
    public static byte[] Encode(string userId, DateTimeOffset boundAt)
    {
        var value = new byte[8 + StrictUtf8.Encoding.GetByteCount(userId)];
        BinaryPrimitives.WriteInt64LittleEndian(value, boundAt.ToUnixTimeMilliseconds());
        StrictUtf8.Encoding.GetBytes(userId, value.AsSpan(8));
        return value;
    }

    public static bool TryDecode(byte[] value, out string userId, out DateTimeOffset boundAt)
    {
        userId = string.Empty;
        boundAt = default;
        if (value.Length <= 8)
        {
            return false;
        }

        try
        {
            userId = StrictUtf8.Encoding.GetString(value.AsSpan(8));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var milliseconds = BinaryPrimitives.ReadInt64LittleEndian(value);
        if (milliseconds < 0 || milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return false;
        }

        boundAt = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        return true;
    }
}
