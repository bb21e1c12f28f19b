using System.Globalization;

namespace CookieState.Cookies;

/// <summary>
/// The header of a chunk cookie: <c>{number}.{tag}.</c>, where the first chunk's number is the chunk count and every other
/// chunk's is its own index. The tag is the same on every chunk of one write and bound to the sealed text's content, so
/// chunks of different writes never join. Numbers have no leading zeros.
/// </summary>
internal static class ChunkHeader
{
    public const int TagLength = 8;

    /// <summary>The header length for a chunk number.</summary>
    public static int GetLength(int number) => DigitCount(number) + 1 + TagLength + 1;

    /// <summary>Whether a cookie value is in chunk form rather than bare sealed text: chunk headers start with a digit.</summary>
    public static bool IsChunked(ReadOnlySpan<char> value) => value.Length > 0 && char.IsAsciiDigit(value[0]);

    public static int Write(Span<char> destination, int number, ReadOnlySpan<char> tag)
    {
        number.TryFormat(destination, out var digits, provider: CultureInfo.InvariantCulture);
        destination[digits] = '.';
        tag.CopyTo(destination[(digits + 1)..]);
        destination[digits + 1 + TagLength] = '.';
        return digits + 2 + TagLength;
    }

    public static bool TryParse(ReadOnlySpan<char> value, out int number, out ReadOnlySpan<char> tag, out ReadOnlySpan<char> data)
    {
        number = 0;
        tag = default;
        data = default;
        var dot = value.IndexOf('.');

        // At most four digits and no leading zero: a number beyond any configurable chunk count is refused without more work.
        if (dot < 1 || dot > 4 || value[0] == '0' || value[..dot].ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        number = int.Parse(value[..dot], CultureInfo.InvariantCulture);
        var rest = value[(dot + 1)..];
        if (rest.Length < TagLength + 1 || rest[TagLength] != '.')
        {
            return false;
        }

        tag = rest[..TagLength];
        data = rest[(TagLength + 1)..];
        return true;
    }

    public static int DigitCount(int value) => value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : 4;
}
