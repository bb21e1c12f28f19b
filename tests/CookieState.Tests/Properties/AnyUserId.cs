namespace CookieState.Tests.Properties;

/// <summary>A user id a session can be bound to: non-empty Unicode text, astral planes and NUL included.</summary>
public sealed record AnyUserId(string Value);
