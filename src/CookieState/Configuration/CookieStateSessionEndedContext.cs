using Microsoft.AspNetCore.Http;

namespace CookieState;

/// <summary>The context of <see cref="CookieStateEvents.OnSessionEnded"/>.</summary>
public sealed class CookieStateSessionEndedContext : CookieStateEventContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="httpContext">The current request.</param>
    /// <param name="options">The CookieState options in force.</param>
    /// <param name="sessionId">The id of the session that ended.</param>
    /// <param name="reason">Why it ended.</param>
    public CookieStateSessionEndedContext(HttpContext httpContext, CookieStateOptions options, string sessionId, CookieStateEndReason reason)
        : base(httpContext, options)
    {
        SessionId = sessionId;
        Reason = reason;
    }

    /// <summary>The id of the session that ended.</summary>
    public string SessionId { get; }

    /// <summary>Why the session ended.</summary>
    public CookieStateEndReason Reason { get; }
}
