namespace CookieState.Cookies;

/// <summary>
/// The CookieState cookies one request carried, read from the raw <c>Cookie</c> header: values verbatim (no URL-decoding),
/// names matched exactly. Only indexes 1 … <see cref="CookieNames.MaxChunkCount"/> exist here, so the work per request,
/// and the cookies a response may have to expire, are bounded whatever the request holds.
/// </summary>
internal sealed class SessionCookieSet
{
    private readonly ReadOnlyMemory<char>[] _values;

    public SessionCookieSet(int maxChunkCount)
    {
        _values = new ReadOnlyMemory<char>[maxChunkCount];
    }

    public int MaxChunkCount => _values.Length;

    /// <summary>A bit per chunk index present, bit 0 for chunk 1.</summary>
    public ulong Present { get; private set; }

    /// <summary>How many of our cookies the request carried.</summary>
    public int Count => System.Numerics.BitOperations.PopCount(Present);

    /// <summary>The characters our cookies take in the <c>Cookie</c> header, separators included.</summary>
    public int HeaderLength { get; private set; }

    /// <summary>Why the set is unusable before any chunk is read (a duplicate, a case variant, too large), if it is.</summary>
    public CookieStateRejectionReason? Rejection { get; private set; }

    public bool IsEmpty => Present == 0 && Rejection is null;

    public bool Contains(int index) => (Present & Bit(index)) != 0;

    /// <summary>The value of chunk <paramref name="index"/>, 1-based.</summary>
    public ReadOnlyMemory<char> this[int index] => _values[index - 1];

    internal void Add(int index, ReadOnlyMemory<char> value, int nameLength)
    {
        if (Contains(index))
        {
            // Two cookies with one name: which one a server sees depends on the browser; read neither.
            Reject(CookieStateRejectionReason.ChunkMismatch);
        }

        Present |= Bit(index);
        _values[index - 1] = value;
        HeaderLength += (HeaderLength > 0 ? 2 : 0) + nameLength + 1 + value.Length;
    }

    internal void Reject(CookieStateRejectionReason reason) => Rejection ??= reason;

    private static ulong Bit(int index) => 1UL << (index - 1);
}
