using CookieState.Session;

namespace Microsoft.AspNetCore.Http;

/// <summary>Session lifecycle operations that classic ASP had and <see cref="ISession"/> lacks.</summary>
public static class CookieStateSessionExtensions
{
    /// <summary>
    /// Gives the session a new random id and keeps its data. Call it when the user signs in, so that an id planted
    /// before sign-in (session fixation) is worthless afterwards.
    /// </summary>
    /// <param name="session">The CookieState session.</param>
    public static void RegenerateId(this ISession session) => RequestOf(session).RegenerateId();

    /// <summary>
    /// Ends the session, as classic ASP's <c>Session.Abandon</c>: its data is gone, its cookies are expired with this
    /// response, and the next use starts a new session with a new id.
    /// </summary>
    /// <param name="session">The CookieState session.</param>
    public static void Abandon(this ISession session) => RequestOf(session).Abandon();

    /// <summary>
    /// Gives this session its own idle timeout, as classic ASP's <c>Session.Timeout</c>: for example 5 minutes on a kiosk,
    /// or 60 while a user fills in a long form. The timeout is sealed into the cookie, so every node enforces it; it drives
    /// both the expiry and the sliding refresh. It must be at least 1 second and at most
    /// <c>CookieStateOptions.MaxIdleTimeout</c> (by default the configured <c>IdleTimeout</c>, so only shorter timeouts).
    /// Setting a different value is a change: the next response carries a new cookie.
    /// </summary>
    /// <param name="session">The CookieState session.</param>
    /// <param name="timeout">The idle timeout for this session.</param>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is outside the allowed range.</exception>
    public static void SetIdleTimeout(this ISession session, TimeSpan timeout) => RequestOf(session).SetIdleTimeout(timeout);

    /// <summary>The idle timeout in force for this session: its own, or the configured <c>IdleTimeout</c>.</summary>
    /// <param name="session">The CookieState session.</param>
    /// <returns>The effective idle timeout.</returns>
    public static TimeSpan GetIdleTimeout(this ISession session) => RequestOf(session).GetIdleTimeout();

    internal static CookieStateSession RequestOf(ISession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session as CookieStateSession ?? throw new InvalidOperationException(
            "This operation needs the CookieState session: register it with AddCookieState() and app.UseCookieState().");
    }
}
