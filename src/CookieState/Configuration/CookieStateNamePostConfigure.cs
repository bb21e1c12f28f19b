using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CookieState.Configuration;

/// <summary>
/// Resolves an unset cookie name after every configuration step, as cookie authentication does: the <c>__Host-</c> name
/// whenever the cookie's settings allow that prefix, because a <c>__Host-</c> cookie cannot be planted by a sibling
/// subdomain (cookie tossing), and the earlier default otherwise.
/// </summary>
internal sealed class CookieStateNamePostConfigure : IPostConfigureOptions<CookieStateOptions>
{
    public void PostConfigure(string? name, CookieStateOptions options)
    {
        var cookie = options.Cookie;
        if (!string.IsNullOrEmpty(cookie.Name))
        {
            return;
        }

        cookie.Name = Resolve(cookie);
    }

    /// <summary>The name an unset <see cref="CookieBuilder.Name"/> resolves to under these cookie settings.</summary>
    public static string Resolve(CookieBuilder cookie) =>
        cookie.SecurePolicy == CookieSecurePolicy.Always && cookie.Path == "/" && string.IsNullOrEmpty(cookie.Domain)
            ? CookieStateDefaults.HostCookieName
            : CookieStateDefaults.CookieName;
}
