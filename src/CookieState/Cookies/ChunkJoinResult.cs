using System.Buffers;
using CookieState.Protection;

namespace CookieState.Cookies;

/// <summary>
/// The sealed text a request's cookies join into, with the format it is in, or why they do not join. Text spread over
/// several chunks is joined into a pooled buffer, returned on <see cref="Dispose"/>; a single cookie is used in place.
/// </summary>
internal struct ChunkJoinResult : IDisposable
{
    private char[]? _rented;

    private ChunkJoinResult(ReadOnlyMemory<char> sealedText, char[]? rented, SessionFormat? format, CookieStateRejectionReason? failure)
    {
        SealedText = sealedText;
        _rented = rented;
        Format = format;
        Failure = failure;
    }

    public static ChunkJoinResult None => default;

    /// <summary>The joined text; empty on failure or when there was no cookie.</summary>
    public ReadOnlyMemory<char> SealedText { get; private set; }

    /// <summary>The format the text is in.</summary>
    public SessionFormat? Format { get; }

    /// <summary>Why the set was rejected, if it was.</summary>
    public CookieStateRejectionReason? Failure { get; }

    public readonly bool HasText => Format is not null;

    public static ChunkJoinResult Success(ReadOnlyMemory<char> sealedText, SessionFormat format) => new(sealedText, null, format, null);

    public static ChunkJoinResult Success(char[] rented, int length, SessionFormat format) => new(rented.AsMemory(0, length), rented, format, null);

    public static ChunkJoinResult Fail(CookieStateRejectionReason reason) => new(default, null, null, reason);

    /// <summary>A failure that still owns the joined buffer, so that it is returned.</summary>
    public static ChunkJoinResult Fail(CookieStateRejectionReason reason, char[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return Fail(reason);
    }

    public void Dispose()
    {
        if (_rented is { } rented)
        {
            _rented = null;
            SealedText = default;
            ArrayPool<char>.Shared.Return(rented);
        }
    }
}
