using CookieState.Cookies;

namespace CookieState.Persistence;

/// <summary>
/// The session cookies one request carried, parsed once from the raw <c>Cookie</c> header and read as often as the request
/// needs (a hint check, a preload, a load), without the session seeing the transport's types.
/// </summary>
internal sealed class RequestCookies
{
    internal RequestCookies(SessionCookieSet set, IReadOnlyList<ContentSetCookies>? contentSets = null)
    {
        Set = set;
        ContentSets = contentSets ?? [];
    }

    /// <summary>The content sets of a partitioned session the request carried (<c>{name}.-</c>, <c>{name}.{partition}</c>).</summary>
    public IReadOnlyList<ContentSetCookies> ContentSets { get; }

    /// <summary>Whether the request carried no CookieState cookie, nor anything posing as one.</summary>
    public bool IsEmpty => Set.IsEmpty;

    /// <summary>A bit per chunk the request carried: what a write that uses fewer, or an ended session, must expire.</summary>
    public ulong Chunks => Set.Present;

    /// <summary>
    /// Whether one of our names came more than once, or in another case: cookies possibly planted by another site, which
    /// a host-only deletion cannot remove. No response to such a request deletes cookies.
    /// </summary>
    public bool HasDuplicates => Set.HasDuplicates;

    internal SessionCookieSet Set { get; }
}
