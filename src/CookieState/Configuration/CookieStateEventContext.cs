using Microsoft.AspNetCore.Http;

namespace CookieState;

/// <summary>The base of CookieState event contexts.</summary>
public abstract class CookieStateEventContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="httpContext">The current request.</param>
    /// <param name="options">The CookieState options in force.</param>
    protected CookieStateEventContext(HttpContext httpContext, CookieStateOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(options);
        HttpContext = httpContext;
        Options = options;
    }

    /// <summary>The current request.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>The CookieState options in force.</summary>
    public CookieStateOptions Options { get; }
}
