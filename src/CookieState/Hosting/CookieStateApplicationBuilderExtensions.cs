using CookieState.Hosting;
using CookieState.Session;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the CookieState middleware to the pipeline.</summary>
public static class CookieStateApplicationBuilderExtensions
{
    /// <summary>
    /// Makes <c>HttpContext.Session</c> a CookieState session for the middleware after this one.
    /// Use it where <c>UseSession()</c> would go: after routing and authentication, before the endpoints.
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The application builder.</returns>
    public static IApplicationBuilder UseCookieState(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ApplicationServices.GetService(typeof(SessionServices)) is null)
        {
            throw new InvalidOperationException(
                "CookieState services are missing: call builder.Services.AddCookieState() before app.UseCookieState().");
        }

        StartupChecks.Run(app.ApplicationServices);
        return app.UseMiddleware<CookieStateMiddleware>();
    }
}
