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

    /// <summary>
    /// Makes this session persistent ("remember me", ticked at sign-in): its cookies carry <c>Expires</c>/<c>Max-Age</c>
    /// and survive closing the browser. <paramref name="lifetime"/> is the session's sliding idle limit: it lives as long
    /// as it is used at least once per <paramref name="lifetime"/> (its cookies' expiry is renewed with each sliding
    /// refresh), and at most <c>CookieStateOptions.MaxPersistentLifetime</c> from this call, however active. Both are
    /// sealed into the cookie, so every node enforces them; <c>IdleTimeout</c> and <c>AbsoluteTimeout</c> keep governing
    /// every other session. Pass <see langword="null"/> to undo: the session becomes a browser-session one under the
    /// configured limits again, ending no later than it would have as a persistent one. Either way the session id is
    /// regenerated (as <see cref="RegenerateId"/>), and the next response rewrites the whole cookie set.
    /// Persistence is off by default: until the app sets <c>MaxPersistentLifetime</c>, a lifetime throws.
    /// </summary>
    /// <param name="session">The CookieState session.</param>
    /// <param name="lifetime">The session's sliding lifetime, between 1 second and <c>MaxPersistentLifetime</c>; or <see langword="null"/>.</param>
    /// <exception cref="InvalidOperationException"><c>CookieStateOptions.MaxPersistentLifetime</c> is not set.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The lifetime is outside the allowed range.</exception>
    public static void SetPersistent(this ISession session, TimeSpan? lifetime) => RequestOf(session).SetPersistent(lifetime);

    /// <summary>
    /// The lifetime of a persistent session (its sliding idle limit), or <see langword="null"/> when the session is a
    /// browser-session one (also when persistence has been turned off since it was made persistent).
    /// </summary>
    /// <param name="session">The CookieState session.</param>
    /// <returns>The persistent lifetime, or <see langword="null"/>.</returns>
    public static TimeSpan? GetPersistentLifetime(this ISession session) => RequestOf(session).GetPersistentLifetime();

    internal static CookieStateSession RequestOf(ISession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session as CookieStateSession ?? throw new InvalidOperationException(
            "This operation needs the CookieState session: register it with AddCookieState() and app.UseCookieState().");
    }
}
