namespace CookieState.Cookies;

/// <summary>
/// Sealed text a request's cookies join into, as the transport sees it: characters and the tag its chunks carried. Which
/// format it is in, and whether the tag belongs to its content, is for the reader to decide.
/// </summary>
/// <param name="Text">The joined text.</param>
/// <param name="Tag">The tag every chunk carried; empty for a bare cookie, which has no chunk header.</param>
internal readonly record struct ChunkCandidate(ReadOnlyMemory<char> Text, ReadOnlyMemory<char> Tag)
{
    /// <summary>Whether the text came as one bare cookie value rather than in chunk form.</summary>
    public bool IsBare => Tag.IsEmpty;
}
