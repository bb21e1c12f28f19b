using CookieState.Cookies;
using Microsoft.AspNetCore.Http;

namespace CookieState.Persistence;

/// <summary>
/// The session cookies a response will carry, decided at commit and emitted once, when the response starts: a commit made
/// earlier (<c>CommitAsync</c>) is then not lost when an exception handler clears the headers, and a later commit in the
/// same request replaces it whole. A struct: it only carries what the transport prepared, and a write allocates nothing more.
/// </summary>
internal readonly struct PendingCookies
{
    private readonly PreparedCookies? _cookies;
    private readonly PreparedCookies[]? _sets;

    internal PendingCookies(PreparedCookies cookies)
    {
        _cookies = cookies;
    }

    /// <summary>The cookies of several sets of a partitioned session, emitted together.</summary>
    internal PendingCookies(PreparedCookies[] sets)
    {
        _sets = sets;
    }

    /// <summary>Adds the cookies to <paramref name="response"/>.</summary>
    public void Emit(HttpResponse response)
    {
        if (_cookies is not null)
        {
            ResponseCookieWriter.Emit(response, _cookies);
        }

        foreach (var set in _sets ?? [])
        {
            ResponseCookieWriter.Emit(response, set);
        }
    }
}
