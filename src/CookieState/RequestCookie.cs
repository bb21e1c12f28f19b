namespace CookieState;

/// <summary>One cookie as a name and a value.</summary>
internal readonly record struct RequestCookie(string Name, string Value);
