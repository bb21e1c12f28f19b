namespace CookieState.Migration;

/// <summary>A built-in session as read from the cache: its <c>ISession.Id</c> and its entries (none when it was not found).</summary>
/// <param name="Id">The id the built-in session showed as <c>ISession.Id</c>.</param>
/// <param name="Entries">Its keys and values; keys are case-sensitive, as in the built-in session.</param>
/// <param name="Size">The bytes its keys (UTF-8) and values take.</param>
internal sealed record BuiltInSession(Guid Id, Dictionary<string, byte[]> Entries, int Size);
