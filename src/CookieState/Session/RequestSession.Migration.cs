using CookieState.Format;
using CookieState.Store;

namespace CookieState.Session;

/// <summary>What migration from the built-in session needs from the request's session: whether it has cookies, and adoption.</summary>
internal sealed partial class RequestSession
{
    /// <summary>Whether the request carried CookieState cookies, or anything posing as one of them.</summary>
    public bool CarriesCookies => !Cookies.IsEmpty;

    /// <summary>
    /// Makes <paramref name="payload"/>, a session brought over from the built-in session, this request's session. It is
    /// written at commit like a changed one, so the client leaves with its cookies even when the endpoint never uses it.
    /// </summary>
    public void Import(SessionPayload payload)
    {
        Apply(new SessionReadResult(Cookies, payload));
        _headerChanged = true;
    }
}
