using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;

namespace CookieState.Cookies;

/// <summary>How a response that depends on the session keeps shared caches from mixing users up.</summary>
internal static class ResponseCaching
{
    /// <summary>
    /// A response built from a session differs per cookie: <c>Vary: Cookie</c> tells caches so. Existing values stay; a
    /// <c>*</c> already covers it.
    /// </summary>
    public static void VaryByCookie(HttpResponse response)
    {
        var vary = response.Headers.Vary;
        foreach (var value in vary)
        {
            foreach (var token in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries))
            {
                if (token == "*" || token.Equals(HeaderNames.Cookie, StringComparison.OrdinalIgnoreCase))
                {
                    return;
                }
            }
        }

        response.Headers.Vary = vary.Count == 0 ? HeaderNames.Cookie : Microsoft.Extensions.Primitives.StringValues.Concat(vary, HeaderNames.Cookie);
    }

    /// <summary>
    /// Forbids storing the response in any cache, as ASP.NET Core's own session does, unless the app already set a
    /// <c>Cache-Control</c> with <c>no-store</c>, which is as strict and is kept.
    /// </summary>
    public static void ForbidStoring(HttpResponse response)
    {
        if (!response.Headers.CacheControl.ToString().Contains("no-store", StringComparison.OrdinalIgnoreCase))
        {
            response.Headers.CacheControl = "no-cache, no-store";
        }
    }

    /// <summary>Whether a cache may store the response: an explicit public lifetime, or the output cache taking it.</summary>
    public static bool IsCacheable(HttpContext context)
    {
        if (context.Features.Get<IOutputCacheFeature>() is { Context.AllowCacheStorage: true })
        {
            return true;
        }

        var cacheControl = context.Response.Headers.CacheControl.ToString();
        if (cacheControl.Length == 0
            || cacheControl.Contains("no-store", StringComparison.OrdinalIgnoreCase)
            || cacheControl.Contains("no-cache", StringComparison.OrdinalIgnoreCase)
            || cacheControl.Contains("private", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return cacheControl.Contains("public", StringComparison.OrdinalIgnoreCase)
            || cacheControl.Contains("max-age", StringComparison.OrdinalIgnoreCase);
    }
}
