namespace CookieState;

/// <summary>What a request does when the revocation store cannot be reached (<see cref="CookieStateRevocationOptions.FailureMode"/>).</summary>
public enum CookieStateRevocationFailureMode
{
    /// <summary>
    /// The session is unavailable for this request: its cookies are left untouched, reads see an empty session with
    /// <c>IsAvailable</c> <see langword="false"/>, and changes throw <see cref="CookieStateUnavailableException"/>. A revoked
    /// cookie is never honoured, and nobody is signed out by the outage. The default.
    /// </summary>
    FailClosed = 0,

    /// <summary>
    /// The session is used as if it had not been revoked. Availability first: during the outage a revoked cookie (a
    /// signed-out or stolen session) works again.
    /// </summary>
    FailOpen = 1,
}
