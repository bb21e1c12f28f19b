using System.Buffers;

namespace CookieState.Cookies;

/// <summary>
/// What a request's cookies join into: the candidate texts, one per distinct chunk tag (at most
/// <see cref="SessionCookieSet.MaxValuesPerName"/>, more only when a name came more than once), or why the set cannot be
/// read. Text spread over several chunks is joined into a pooled buffer, returned on <see cref="Dispose"/>; a single cookie
/// is used in place.
/// </summary>
internal struct JoinedChunks : IDisposable
{
    private ChunkCandidate _first;
    private ChunkCandidate _second;
    private ChunkCandidate _third;
    private char[]? _rented;
    private char[]? _rentedSecond;
    private char[]? _rentedThird;

    private JoinedChunks(ChunkCandidate first, char[]? rented, CookieStateRejectionReason? rejection)
    {
        _first = first;
        _rented = rented;
        Rejection = rejection;
        Count = rejection is null && !first.Text.IsEmpty ? 1 : 0;
    }

    /// <summary>No session cookie.</summary>
    public static JoinedChunks None => default;

    /// <summary>Why the set was rejected before any cryptography, if it was.</summary>
    public CookieStateRejectionReason? Rejection { get; private set; }

    /// <summary>How many candidate texts there are: one per distinct tag.</summary>
    public int Count { get; private set; }

    /// <summary>Why the first candidate that failed the transport checks failed: the set's reason when none passed.</summary>
    public CookieStateRejectionReason? FirstRejection { get; private set; }

    /// <summary>The candidate at <paramref name="index"/>.</summary>
    public readonly ChunkCandidate this[int index] => index switch
    {
        0 when Count > 0 => _first,
        1 when Count > 1 => _second,
        2 when Count > 2 => _third,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public static JoinedChunks Single(ReadOnlyMemory<char> text, ReadOnlyMemory<char> tag) => new(new(text, tag), null, null);

    public static JoinedChunks Pooled(char[] rented, int length, ReadOnlyMemory<char> tag) =>
        new(new(rented.AsMemory(0, length), tag), rented, null);

    public static JoinedChunks Reject(CookieStateRejectionReason reason) => new(default, null, reason);

    /// <summary>A rejection that still owns the joined buffer, so that it is returned.</summary>
    public static JoinedChunks Reject(CookieStateRejectionReason reason, char[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return Reject(reason);
    }

    /// <summary>
    /// Adds the candidates of <paramref name="other"/> (a join of one planted or genuine value), taking over its buffer; a
    /// rejected one only leaves its reason, for when no candidate remains.
    /// </summary>
    public void Absorb(JoinedChunks other)
    {
        if (other.Rejection is { } reason)
        {
            FirstRejection ??= reason;
            return;
        }

        if (other.Count == 0)
        {
            return;
        }

        switch (Count)
        {
            case 0:
                (_first, _rented) = (other._first, other._rented);
                break;
            case 1:
                (_second, _rentedSecond) = (other._first, other._rented);
                break;
            default:
                (_third, _rentedThird) = (other._first, other._rented);
                break;
        }

        Count++;
    }

    /// <summary>After every candidate was absorbed: a set of which none passed is rejected with the first reason.</summary>
    public void Settle()
    {
        if (Count == 0 && FirstRejection is { } reason)
        {
            Rejection = reason;
        }
    }

    public void Dispose()
    {
        Return(ref _rented);
        Return(ref _rentedSecond);
        Return(ref _rentedThird);
        _first = _second = _third = default;
        Count = 0;
    }

    private static void Return(ref char[]? rented)
    {
        if (rented is { } buffer)
        {
            rented = null;
            ArrayPool<char>.Shared.Return(buffer);
        }
    }
}
