using Microsoft.AspNetCore.Http;

namespace CookieState.Cookies;

/// <summary>
/// The attribute text of CookieState's <c>Set-Cookie</c> headers (path, domain, secure, SameSite, HttpOnly, extensions
/// such as <c>Partitioned</c>), for writing and for expiring. Every chunk and every deletion carries all of them.
/// </summary>
/// <param name="Options">The cookie options built for the request.</param>
/// <param name="Append">The attributes of a written cookie, starting with <c>"; "</c>.</param>
/// <param name="Delete">The attributes of an expired cookie, starting with <c>"; "</c>.</param>
internal sealed record CookieAttributes(CookieOptions Options, string Append, string Delete)
{
    public static CookieAttributes From(CookieOptions options)
    {
        var deletion = new CookieOptions(options) { Expires = DateTimeOffset.UnixEpoch, MaxAge = null };
        return new CookieAttributes(options, AttributesOf(options), AttributesOf(deletion));
    }

    // The header of a cookie with a one-letter name and no value is "x=" followed by exactly the attributes.
    private static string AttributesOf(CookieOptions options) => options.CreateCookieHeader("x", string.Empty).ToString()[2..];
}
