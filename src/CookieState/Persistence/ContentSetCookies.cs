using CookieState.Cookies;

namespace CookieState.Persistence;

/// <summary>One content set of a partitioned session as the request carried it: its set name and its cookies.</summary>
/// <param name="Set">The set name: <c>-</c> for the keys of no partition, or a partition's name.</param>
/// <param name="Cookies">Its cookies, parsed like the main set's (exact names, verbatim values, duplicates kept).</param>
/// <param name="Names">The names its chunks are read, written and expired under.</param>
internal sealed record ContentSetCookies(string Set, SessionCookieSet Cookies, CookieNames Names);
