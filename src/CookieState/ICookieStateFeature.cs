namespace CookieState;

/// <summary>
/// Set on <c>HttpContext.Features</c> by the CookieState middleware, next to <c>ISessionFeature</c>: diagnostics of the
/// current session's cookies, for inspector pages and health checks.
/// </summary>
public interface ICookieStateFeature
{
    /// <summary>
    /// Describes the session and its cookies. Loads the session if needed, and seals the current state once to measure
    /// the cookies it would take now, so keep it off hot paths.
    /// </summary>
    /// <returns>A snapshot of the session's timestamps and cookies.</returns>
    CookieStateInfo Inspect();
}
