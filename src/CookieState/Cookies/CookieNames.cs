using System.Globalization;

namespace CookieState.Cookies;

/// <summary>
/// The only cookie names CookieState reads, writes or expires: the base name for chunk 1, and <c>{name}C2</c> …
/// <c>{name}C{MaxChunkCount}</c>. Any other name, however similar, is not ours and is never touched; a case variant of one
/// of these names is reported, because a sibling subdomain can plant one to shadow the real cookie.
/// </summary>
internal sealed class CookieNames
{
    private const char ChunkMarker = 'C';
    private readonly string[] _names;

    public CookieNames(string baseName, int maxChunkCount)
    {
        BaseName = baseName;
        _names = new string[maxChunkCount];
        for (var i = 1; i <= maxChunkCount; i++)
        {
            _names[i - 1] = i == 1 ? baseName : string.Concat(baseName, "C", i.ToString(CultureInfo.InvariantCulture));
        }
    }

    public string BaseName { get; }

    public int MaxChunkCount => _names.Length;

    /// <summary>
    /// The name of chunk <paramref name="index"/>, 1-based. Beyond <see cref="MaxChunkCount"/> (only when measuring a state
    /// that does not fit) the name is made on the spot: it is never read or written.
    /// </summary>
    public string this[int index] => index <= _names.Length
        ? _names[index - 1]
        : string.Concat(BaseName, "C", index.ToString(CultureInfo.InvariantCulture));

    /// <summary>The length of chunk <paramref name="index"/>'s name, without making it.</summary>
    public int NameLength(int index) => index == 1 ? BaseName.Length : BaseName.Length + 1 + ChunkHeader.DigitCount(index);

    /// <summary>
    /// The chunk index <paramref name="name"/> stands for, or 0 when it is not one of ours. <paramref name="caseVariant"/>
    /// tells that it matched only ignoring case.
    /// </summary>
    public int IndexOf(ReadOnlySpan<char> name, out bool caseVariant)
    {
        caseVariant = false;
        var baseLength = BaseName.Length;
        if (name.Length < baseLength || name.Length > baseLength + 3
            || !name[..baseLength].Equals(BaseName, StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        var exact = name[..baseLength].SequenceEqual(BaseName);
        var index = 1;
        if (name.Length > baseLength)
        {
            var suffix = name[baseLength..];
            if (suffix.Length < 2 || (suffix[0] | 0x20) != (ChunkMarker | 0x20) || suffix[1] == '0'
                || !int.TryParse(suffix[1..], NumberStyles.None, CultureInfo.InvariantCulture, out index)
                || index < 2 || index > _names.Length)
            {
                return 0;
            }

            exact &= suffix[0] == ChunkMarker;
        }

        caseVariant = !exact;
        return index;
    }

    /// <summary>
    /// Whether <paramref name="set"/> can follow <c>{name}.</c> as a content set of a partitioned session: <c>-</c>, or 1 to 16
    /// characters of <c>a-z</c> and <c>0-9</c>. Lower case only, so that the upper-case chunk marker always ends a set name.
    /// </summary>
    public static bool IsSetName(ReadOnlySpan<char> set)
    {
        if (set is ['-'])
        {
            return true;
        }

        if (set.Length is < 1 or > 16)
        {
            return false;
        }

        foreach (var c in set)
        {
            if (!char.IsAsciiDigit(c) && !char.IsAsciiLetterLower(c))
            {
                return false;
            }
        }

        return true;
    }
}
