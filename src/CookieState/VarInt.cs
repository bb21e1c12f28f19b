namespace CookieState;

/// <summary>
/// The 7-bit variable-length unsigned integers of the state format and its envelope: one place that writes them, measures
/// them, and reads them back with every bound checked.
/// </summary>
internal static class VarInt
{
    /// <summary>The most bytes a 32-bit value takes.</summary>
    public const int MaxLength = 5;

    public static int Length(int value)
    {
        var length = 1;
        for (var v = (uint)value; v >= 0x80; v >>= 7)
        {
            length++;
        }

        return length;
    }

    public static int Write(Span<byte> destination, uint value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Reads one value and advances <paramref name="data"/>; malformed input throws <see cref="SessionStateFormatException"/>.</summary>
    public static ulong Read(ref ReadOnlySpan<byte> data)
    {
        ulong result = 0;
        for (var shift = 0; shift < MaxLength * 7; shift += 7)
        {
            if (data.IsEmpty)
            {
                throw new SessionStateFormatException(CookieStateRejectionReason.Malformed, "The payload ends inside a length.");
            }

            var b = data[0];
            data = data[1..];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new SessionStateFormatException(CookieStateRejectionReason.Malformed, "A length is too long.");
    }
}
