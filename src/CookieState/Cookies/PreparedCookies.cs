using Microsoft.AspNetCore.Http;

namespace CookieState.Cookies;

/// <summary>
/// The session cookies a response will carry, decided at commit and emitted once when the response starts: a commit made
/// earlier (<c>CommitAsync</c>) is therefore not lost when an exception handler clears the headers, and a later commit in
/// the same request replaces it whole.
/// </summary>
internal sealed class PreparedCookies
{
    private PreparedCookies(string[]? lines, KeyValuePair<string, string?>[]? policyCookies, CookieOptions options)
    {
        Lines = lines;
        PolicyCookies = policyCookies;
        Options = options;
    }

    /// <summary>Whole <c>Set-Cookie</c> lines, when the response cookies are the default ones.</summary>
    public string[]? Lines { get; }

    /// <summary>Name and value pairs (a <see langword="null"/> value expires the cookie), for an app's cookie policy to see.</summary>
    public KeyValuePair<string, string?>[]? PolicyCookies { get; }

    /// <summary>The cookie options the policy path appends with; copied for every cookie, since a policy may change them.</summary>
    public CookieOptions Options { get; }

    public static PreparedCookies ForHeaders(string[] lines, CookieOptions options) => new(lines, null, options);

    public static PreparedCookies ForPolicy(KeyValuePair<string, string?>[] cookies, CookieOptions options) => new(null, cookies, options);
}
