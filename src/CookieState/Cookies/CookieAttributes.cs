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

    /// <summary>
    /// The same attributes for a persistent session's cookies: <c>Expires</c> at <paramref name="expires"/> and
    /// <c>Max-Age</c> the whole seconds to it from <paramref name="now"/>, rounded up, so that browsers that prefer either
    /// keep the cookie as long as the server accepts it. Every chunk of a set (and every set of a session) is written with
    /// the one instance this returns, so they expire together; deletions are unchanged.
    /// </summary>
    public CookieAttributes WithExpiry(DateTimeOffset expires, DateTimeOffset now)
    {
        var seconds = Math.Max(0, (expires - now).Ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;
        var persistent = new CookieOptions(Options)
        {
            Expires = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() + seconds),
            MaxAge = TimeSpan.FromSeconds(seconds),
        };
        return this with { Options = persistent, Append = AttributesOf(persistent) };
    }

    // The header of a cookie with a one-letter name and no value is "x=" followed by exactly the attributes.
    private static string AttributesOf(CookieOptions options) => options.CreateCookieHeader("x", string.Empty).ToString()[2..];
}
