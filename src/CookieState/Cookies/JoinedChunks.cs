using System.Buffers;

namespace CookieState.Cookies;

/// <summary>
/// What a request's cookies join into: the candidate texts, one per distinct chunk tag, or why the set cannot be read.
/// Text spread over several chunks is joined into a pooled buffer, returned on <see cref="Dispose"/>; a single cookie is
/// used in place.
/// </summary>
internal struct JoinedChunks : IDisposable
{
    private ChunkCandidate _first;
    private char[]? _rented;

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
    public CookieStateRejectionReason? Rejection { get; }

    /// <summary>How many candidate texts there are: one per distinct tag.</summary>
    public int Count { get; private set; }

    /// <summary>The candidate at <paramref name="index"/>.</summary>
    public readonly ChunkCandidate this[int index] =>
        index == 0 && Count > 0 ? _first : throw new ArgumentOutOfRangeException(nameof(index));

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

    public void Dispose()
    {
        if (_rented is { } rented)
        {
            _rented = null;
            _first = default;
            Count = 0;
            ArrayPool<char>.Shared.Return(rented);
        }
    }
}
