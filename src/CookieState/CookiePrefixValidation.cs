using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CookieState;

/// <summary>
/// Browsers silently drop a <c>__Host-</c> or <c>__Secure-</c> cookie that breaks its prefix's rules, which would look like
/// a session that never sticks. Refuse such options at startup instead.
/// </summary>
internal sealed class CookiePrefixValidation : IValidateOptions<CookieStateOptions>
{
    public ValidateOptionsResult Validate(string? name, CookieStateOptions options)
    {
        var cookie = options.Cookie;
        var cookieName = cookie.Name ?? string.Empty;
        if (cookieName.StartsWith("__Host-", StringComparison.Ordinal))
        {
            if (cookie.SecurePolicy != CookieSecurePolicy.Always || cookie.Path != "/" || !string.IsNullOrEmpty(cookie.Domain))
            {
                return ValidateOptionsResult.Fail(
                    $"The cookie name '{cookieName}' has the __Host- prefix, which browsers accept only with " +
                    "Cookie.SecurePolicy = CookieSecurePolicy.Always, Cookie.Path = \"/\" and no Cookie.Domain.");
            }
        }
        else if (cookieName.StartsWith("__Secure-", StringComparison.Ordinal) && cookie.SecurePolicy != CookieSecurePolicy.Always)
        {
            return ValidateOptionsResult.Fail(
                $"The cookie name '{cookieName}' has the __Secure- prefix, which browsers accept only with " +
                "Cookie.SecurePolicy = CookieSecurePolicy.Always.");
        }

        return ValidateOptionsResult.Success;
    }
}
