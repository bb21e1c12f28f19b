namespace CookieState.Tests.Infrastructure;

/// <summary>One cookie as a browser sends it back: a name and a value.</summary>
public readonly record struct RequestCookie(string Name, string Value)
{
    public static string Header(IEnumerable<RequestCookie> cookies) => string.Join("; ", cookies.Select(c => c.Name + "=" + c.Value));
}
