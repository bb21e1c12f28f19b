using Microsoft.AspNetCore.Http;

namespace CookieState;

/// <summary>The context of <see cref="CookieStateEvents.OnSessionStarted"/>.</summary>
public sealed class CookieStateSessionStartedContext : CookieStateEventContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="httpContext">The current request.</param>
    /// <param name="options">The CookieState options in force.</param>
    /// <param name="sessionId">The id of the new session.</param>
    public CookieStateSessionStartedContext(HttpContext httpContext, CookieStateOptions options, string sessionId)
        : base(httpContext, options)
    {
        SessionId = sessionId;
    }

    /// <summary>The id of the new session.</summary>
    public string SessionId { get; }
}
