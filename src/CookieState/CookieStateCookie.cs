namespace CookieState;

/// <summary>One session cookie, by name and the length of its value. The value itself is never exposed.</summary>
/// <param name="Name">The cookie name.</param>
/// <param name="Length">The length of the cookie value in characters.</param>
public readonly record struct CookieStateCookie(string Name, int Length);
