using System.Buffers.Binary;
using System.Text;

namespace CookieState.Serialization;

/// <summary>
/// The user a session is bound to (<c>ISession.BindUser</c>) and when it was bound, sealed in the header so that no
/// <c>Set</c>, <c>Remove</c> or <c>Clear</c> reaches it. A user-wide revocation compares its own time with
/// <see cref="BoundAt"/>.
/// </summary>
/// <param name="UserId">The user id the app bound, never empty.</param>
/// <param name="BoundAt">When it was bound, to the millisecond.</param>
internal readonly record struct SessionUser(string UserId, DateTimeOffset BoundAt)
{
    /// <summary>
    /// Where header versions before 4 (and the Data Protection format) keep the binding: the entry
    /// <see cref="CookieStateDefaults.UserBindingKey"/> holding <c>boundAt:i64(unix ms) userId:utf8</c>.
    /// </summary>
    public const string LegacyKey = CookieStateDefaults.UserBindingKey;

    /// <summary>The value of the legacy entry.</summary>
    public byte[] EncodeLegacy()
    {
        var value = new byte[sizeof(long) + StrictUtf8.Encoding.GetByteCount(UserId)];
        BinaryPrimitives.WriteInt64LittleEndian(value, BoundAt.ToUnixTimeMilliseconds());
        StrictUtf8.Encoding.GetBytes(UserId, value.AsSpan(sizeof(long)));
        return value;
    }

    /// <summary>The length of <see cref="EncodeLegacy"/>'s value.</summary>
    public int LegacyLength => sizeof(long) + StrictUtf8.Encoding.GetByteCount(UserId);

    /// <summary>
    /// Takes the legacy entry out of <paramref name="entries"/> and returns the binding it held, so that a session sealed
    /// before the binding moved into the header keeps it. The entry goes even when it does not decode (an app wrote
    /// something else under the reserved name): such a session was never bound, and the name is reserved from now on.
    /// </summary>
    public static SessionUser? Lift(Dictionary<string, byte[]> entries) =>
        entries.Remove(LegacyKey, out var value) && TryDecodeLegacy(value, out var user) ? user : null;

    public static bool TryDecodeLegacy(ReadOnlySpan<byte> value, out SessionUser user)
    {
        user = default;
        if (value.Length <= sizeof(long))
        {
            return false;
        }

        string userId;
        try
        {
            userId = StrictUtf8.Encoding.GetString(value[sizeof(long)..]);
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

        user = new SessionUser(userId, DateTimeOffset.FromUnixTimeMilliseconds(milliseconds));
        return true;
    }
}
