namespace CookieState.Cookies;

/// <summary>
/// The CookieState cookies one request carried, read from the raw <c>Cookie</c> header: values verbatim (no URL-decoding),
/// names matched exactly. Only indexes 1 … <see cref="CookieNames.MaxChunkCount"/> exist here, so the work per request,
/// and the cookies a response may have to expire, are bounded whatever the request holds.
/// </summary>
/// <remarks>
/// A name may come more than once: a sibling subdomain (or a plain-HTTP attacker before HSTS) can plant
/// <c>name=junk; Domain=example.com</c> beside the host's own cookie, and the browser sends both, in an order the planter
/// controls. Every distinct value is kept, up to <see cref="MaxValuesPerName"/> per name, and the joiner makes a candidate
/// of each: which one is the session is decided by authentication, never by position.
/// </remarks>
internal sealed class SessionCookieSet
{
    /// <summary>Distinct values kept per name: the genuine cookie and two planted ones; more rejects the set.</summary>
    public const int MaxValuesPerName = 3;

    private readonly ReadOnlyMemory<char>[] _values;
    private readonly int[] _nameLengths;
    private List<(int Index, ReadOnlyMemory<char> Value)>? _duplicates;

    public SessionCookieSet(int maxChunkCount, int maxCookieSize = int.MaxValue)
    {
        _values = new ReadOnlyMemory<char>[maxChunkCount];
        _nameLengths = new int[maxChunkCount];
        MaxCookieSize = maxCookieSize;
    }

    public int MaxChunkCount => _values.Length;

    /// <summary>The most characters one candidate's cookies may take in the <c>Cookie</c> header.</summary>
    public int MaxCookieSize { get; }

    /// <summary>A bit per chunk index present, bit 0 for chunk 1.</summary>
    public ulong Present { get; private set; }

    /// <summary>How many of our names the request carried.</summary>
    public int Count => System.Numerics.BitOperations.PopCount(Present);

    /// <summary>The characters our cookies take in the <c>Cookie</c> header, separators included.</summary>
    public int HeaderLength { get; private set; }

    /// <summary>
    /// Whether the request carried one of our names more than once, or a case variant of one: cookies another site may have
    /// planted, which no response can delete (a host-only deletion removes only the genuine cookie).
    /// </summary>
    public bool HasDuplicates { get; private set; }

    /// <summary>Why the set is unusable before any chunk is read (too many values for a name, too large), if it is.</summary>
    public CookieStateRejectionReason? Rejection { get; private set; }

    public bool IsEmpty => Present == 0 && Rejection is null;

    public bool Contains(int index) => (Present & Bit(index)) != 0;

    /// <summary>The first value of chunk <paramref name="index"/>, 1-based.</summary>
    public ReadOnlyMemory<char> this[int index] => _values[index - 1];

    /// <summary>The length of the name chunk <paramref name="index"/> came under.</summary>
    public int NameLength(int index) => _nameLengths[index - 1];

    /// <summary>Every distinct value chunk <paramref name="index"/> came with, the first one first.</summary>
    public int GetValues(int index, Span<ReadOnlyMemory<char>> destination)
    {
        if (!Contains(index))
        {
            return 0;
        }

        destination[0] = _values[index - 1];
        var count = 1;
        if (_duplicates is { } duplicates)
        {
            foreach (var (duplicateIndex, value) in duplicates)
            {
                if (duplicateIndex == index)
                {
                    destination[count++] = value;
                }
            }
        }

        return count;
    }

    internal void Add(int index, ReadOnlyMemory<char> value, int nameLength)
    {
        HeaderLength += (HeaderLength > 0 ? 2 : 0) + nameLength + 1 + value.Length;
        if (!Contains(index))
        {
            Present |= Bit(index);
            _values[index - 1] = value;
            _nameLengths[index - 1] = nameLength;
            return;
        }

        HasDuplicates = true;
        if (_values[index - 1].Span.SequenceEqual(value.Span))
        {
            return;
        }

        var count = 1;
        foreach (var (duplicateIndex, existing) in _duplicates ?? [])
        {
            if (duplicateIndex == index)
            {
                if (existing.Span.SequenceEqual(value.Span))
                {
                    return;
                }

                count++;
            }
        }

        if (count == MaxValuesPerName)
        {
            // More planted values than candidates are tried: read none rather than choose among them.
            Reject(CookieStateRejectionReason.ChunkMismatch);
            return;
        }

        (_duplicates ??= []).Add((index, value));
    }

    /// <summary>A case variant of one of our names: ignored like a planted duplicate, and remembered as one.</summary>
    internal void AddCaseVariant() => HasDuplicates = true;

    internal void Reject(CookieStateRejectionReason reason) => Rejection ??= reason;

    private static ulong Bit(int index) => 1UL << (index - 1);
}
