using System.Buffers.Binary;
using System.Text;

namespace CookieState.Revocation;

/// <summary>
/// The value kept under <see cref="CookieStateDefaults.UserBindingKey"/>: <c>boundAt:i64(unix ms) userId:utf8</c>.
/// The bind time is what a user-wide revocation is compared with.
/// </summary>
internal static class SessionUserBinding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] Encode(string userId, DateTimeOffset boundAt)
    {
        var value = new byte[8 + StrictUtf8.GetByteCount(userId)];
        BinaryPrimitives.WriteInt64LittleEndian(value, boundAt.ToUnixTimeMilliseconds());
        StrictUtf8.GetBytes(userId, value.AsSpan(8));
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
            userId = StrictUtf8.GetString(value.AsSpan(8));
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
