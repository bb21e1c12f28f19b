using CookieState.Protection;

namespace CookieState.Cookies;

/// <summary>The sealed text a request's cookies join into, with the format it is in, or why they do not join.</summary>
/// <param name="SealedText">The joined text; empty on failure or when there was no cookie.</param>
/// <param name="Format">The format the text is in.</param>
/// <param name="Failure">Why the set was rejected, if it was.</param>
internal readonly record struct ChunkJoinResult(ReadOnlyMemory<char> SealedText, SessionFormat? Format, CookieStateRejectionReason? Failure)
{
    public static ChunkJoinResult None => default;

    public bool HasText => Format is not null;

    public static ChunkJoinResult Fail(CookieStateRejectionReason reason) => new(default, null, reason);
}
