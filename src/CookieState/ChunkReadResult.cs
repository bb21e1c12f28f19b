namespace CookieState;

/// <summary>The outcome of reading the chunk cookies of a request.</summary>
/// <param name="SealedText">The joined sealed text, or <see langword="null"/>.</param>
/// <param name="Failure">Why the chunk set was rejected, or <see langword="null"/>.</param>
/// <param name="Cookies">The CookieState cookies the request carried.</param>
/// <param name="RequestHeaderLength">Their length in the <c>Cookie</c> header.</param>
internal readonly record struct ChunkReadResult(
    string? SealedText,
    CookieStateRejectionReason? Failure,
    IReadOnlyList<RequestCookie> Cookies,
    int RequestHeaderLength)
{
    public static ChunkReadResult None { get; } = new(null, null, [], 0);

    public static ChunkReadResult Success(string sealedText, IReadOnlyList<RequestCookie> cookies, int length) =>
        new(sealedText, null, cookies, length);

    public static ChunkReadResult Fail(CookieStateRejectionReason reason, IReadOnlyList<RequestCookie> cookies, int length) =>
        new(null, reason, cookies, length);
}
