namespace CookieState.Cookies;

/// <summary>
/// How sealed text of a given length is spread over cookies so that every whole <c>Set-Cookie</c> value (name, chunk
/// header, data and attributes) stays within the chunk size. Computed, not stored: measuring a state allocates nothing.
/// Sealed text that fits one cookie and whose format allows it is the cookie value as it is (bare).
/// </summary>
internal readonly struct ChunkPlan
{
    private const int MinimumCapacity = 16;

    private readonly CookieNames _names;
    private readonly int _attributesLength;
    private readonly int _chunkSize;
    private readonly int _countDigits;

    private ChunkPlan(CookieNames names, int sealedLength, int attributesLength, int chunkSize, bool bare, int count, int countDigits)
    {
        _names = names;
        SealedLength = sealedLength;
        _attributesLength = attributesLength;
        _chunkSize = chunkSize;
        Bare = bare;
        Count = count;
        _countDigits = countDigits;
    }

    public int SealedLength { get; }

    public bool Bare { get; }

    public int Count { get; }

    /// <summary>The characters these cookies take in the <c>Cookie</c> request header, separators included.</summary>
    public int RequestHeaderLength
    {
        get
        {
            if (Bare)
            {
                return _names.NameLength(1) + 1 + SealedLength;
            }

            var length = SealedLength + (2 * (Count - 1));
            for (var index = 1; index <= Count; index++)
            {
                length += _names.NameLength(index) + 1 + HeaderLength(index);
            }

            return length;
        }
    }

    public static ChunkPlan Create(CookieNames names, int sealedLength, bool allowBare, int attributesLength, int chunkSize)
    {
        if (allowBare && names.NameLength(1) + 1 + sealedLength + attributesLength <= chunkSize)
        {
            return new ChunkPlan(names, sealedLength, attributesLength, chunkSize, bare: true, count: 1, countDigits: 0);
        }

        // The first chunk carries the count, whose digits shrink its room: retry with more digits until the guess holds.
        for (var countDigits = 1; ; countDigits++)
        {
            var plan = new ChunkPlan(names, sealedLength, attributesLength, chunkSize, bare: false, count: 0, countDigits);
            var count = 0;
            for (var offset = 0; offset < sealedLength || count == 0;)
            {
                count++;
                var capacity = plan.Capacity(count);
                if (capacity < MinimumCapacity)
                {
                    throw new InvalidOperationException(
                        $"CookieStateOptions.ChunkSize ({chunkSize}) leaves no room for data after the cookie name, chunk header and attributes.");
                }

                offset += capacity;
            }

            if (ChunkHeader.DigitCount(count) <= countDigits)
            {
                return new ChunkPlan(names, sealedLength, attributesLength, chunkSize, bare: false, count, countDigits);
            }
        }
    }

    /// <summary>Where chunk <paramref name="index"/>'s data starts in the sealed text, and how long it is.</summary>
    public (int Offset, int Length) Slice(int index)
    {
        if (Bare)
        {
            return (0, SealedLength);
        }

        var offset = 0;
        for (var i = 1; i < index; i++)
        {
            offset += Capacity(i);
        }

        return (offset, Math.Min(Capacity(index), SealedLength - offset));
    }

    /// <summary>The chunk header's number: the count on the first chunk, the index on the others.</summary>
    public int HeaderNumber(int index) => index == 1 ? Count : index;

    public int HeaderLength(int index) => Bare ? 0 : ChunkHeader.GetLength(index == 1 ? Count : index);

    private int Capacity(int index)
    {
        var header = index == 1 ? _countDigits + 1 + ChunkHeader.TagLength + 1 : ChunkHeader.GetLength(index);
        return _chunkSize - _attributesLength - _names.NameLength(index) - 1 - header;
    }
}
