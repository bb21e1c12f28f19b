namespace CookieState.Serialization;

/// <summary>
/// The 7-bit variable-length unsigned integers of the binary state format and the compression frame: one place that
/// writes them, measures them, and reads them back with every bound checked.
/// </summary>
internal static class VarInt
{
    /// <summary>The most bytes a 64-bit value takes.</summary>
    public const int MaxLength = 10;

    public static int Length(ulong value)
    {
        var length = 1;
        for (; value >= 0x80; value >>= 7)
        {
            length++;
        }

        return length;
    }

    public static int Length(int value) => Length((ulong)(uint)value);

    public static int Write(Span<byte> destination, ulong value)
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

    /// <summary>
    /// Reads one value and advances <paramref name="data"/>. Malformed input (a cut value, more than ten bytes, or a
    /// non-minimal encoding, which would give one number two encodings) throws <see cref="SessionStateFormatException"/>.
    /// </summary>
    public static ulong Read(ref ReadOnlySpan<byte> data)
    {
        ulong result = 0;
        for (var i = 0; i < MaxLength; i++)
        {
            if (i >= data.Length)
            {
                throw SessionStateFormatException.Malformed("The payload ends inside a length.");
            }

            var b = data[i];
            if (i == MaxLength - 1 && b > 1)
            {
                break;
            }

            result |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                if (b == 0 && i > 0)
                {
                    throw SessionStateFormatException.Malformed("A length is not minimally encoded.");
                }

                data = data[(i + 1)..];
                return result;
            }
        }

        throw SessionStateFormatException.Malformed("A length is too long.");
    }
}
