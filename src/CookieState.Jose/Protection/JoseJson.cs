using System.Globalization;
using System.Text;

namespace CookieState.Jose.Protection;

/// <summary>
/// The few JSON pieces the JOSE format writes by hand, each with an exact length, so that a state's size is known without
/// serializing it: escaped strings, non-negative integers, and durations in seconds with millisecond precision.
/// </summary>
internal static class JoseJson
{
    /// <summary>
    /// The UTF-8 length of <paramref name="value"/> as a JSON string body (without quotes): <c>"</c> and <c>\</c> take two
    /// bytes, control characters six (<c>\u00XX</c>), a lone surrogate three (written as U+FFFD, as UTF-8 encoding does).
    /// </summary>
    public static int GetStringLength(string value)
    {
        var length = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < 0x20)
            {
                length += 6;
            }
            else if (c is '"' or '\\')
            {
                length += 2;
            }
            else if (c < 0x80)
            {
                length++;
            }
            else if (c < 0x800)
            {
                length += 2;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                length += 4;
                i++;
            }
            else
            {
                length += 3;
            }
        }

        return length;
    }

    /// <summary>Writes <paramref name="value"/> as a JSON string body, exactly <see cref="GetStringLength"/> bytes.</summary>
    public static int WriteString(Span<byte> destination, string value)
    {
        var offset = 0;
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 0x20 && c is not ('"' or '\\'))
            {
                continue;
            }

            // Runs without escapes go through the UTF-8 encoder, which writes a lone surrogate as U+FFFD.
            offset += Encoding.UTF8.GetBytes(value.AsSpan(start, i - start), destination[offset..]);
            destination[offset++] = (byte)'\\';
            if (c < 0x20)
            {
                destination[offset++] = (byte)'u';
                destination[offset++] = (byte)'0';
                destination[offset++] = (byte)'0';
                destination[offset++] = Hex(c >> 4);
                destination[offset++] = Hex(c & 0xF);
            }
            else
            {
                destination[offset++] = (byte)c;
            }

            start = i + 1;
        }

        return offset + Encoding.UTF8.GetBytes(value.AsSpan(start), destination[offset..]);
    }

    /// <summary>The digits of a non-negative integer.</summary>
    public static int GetIntegerLength(long value)
    {
        var length = 1;
        for (; value >= 10; value /= 10)
        {
            length++;
        }

        return length;
    }

    public static int WriteInteger(Span<byte> destination, long value)
    {
        value.TryFormat(destination, out var written, provider: CultureInfo.InvariantCulture);
        return written;
    }

    /// <summary>The length of whole milliseconds written as seconds: <c>90</c>, <c>1.5</c>, <c>0.001</c>.</summary>
    public static int GetSecondsLength(long milliseconds)
    {
        var fraction = milliseconds % 1000;
        return GetIntegerLength(milliseconds / 1000) + (fraction == 0 ? 0 : fraction % 100 == 0 ? 2 : fraction % 10 == 0 ? 3 : 4);
    }

    public static int WriteSeconds(Span<byte> destination, long milliseconds)
    {
        var offset = WriteInteger(destination, milliseconds / 1000);
        var fraction = milliseconds % 1000;
        if (fraction == 0)
        {
            return offset;
        }

        destination[offset++] = (byte)'.';
        for (var divisor = 100; fraction != 0; divisor /= 10)
        {
            destination[offset++] = (byte)('0' + (fraction / divisor));
            fraction %= divisor;
        }

        return offset;
    }

    private static byte Hex(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}
