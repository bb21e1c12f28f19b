using CookieState;

namespace Microsoft.AspNetCore.Http;

/// <summary>Session lifecycle operations that classic ASP had and <see cref="ISession"/> lacks.</summary>
public static class CookieStateSessionExtensions
{
    /// <summary>
    /// Gives the session a new random id and keeps its data. Call it when the user signs in, so that an id planted
    /// before sign-in (session fixation) is worthless afterwards.
    /// </summary>
    /// <param name="session">The CookieState session.</param>
    public static void RegenerateId(this ISession session) => AsCookieSession(session).RegenerateId();

    /// <summary>
    /// Ends the session, as classic ASP's <c>Session.Abandon</c>: its data is gone, its cookies are expired with this
    /// response, and the next use starts a new session with a new id.
    /// </summary>
    /// <param name="session">The CookieState session.</param>
    public static void Abandon(this ISession session) => AsCookieSession(session).Abandon();

    private static CookieSession AsCookieSession(ISession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session as CookieSession ?? throw new InvalidOperationException(
            "This operation needs the CookieState session: register it with AddCookieState() and app.UseCookieState().");
    }
}
