using CookieState.Cookies;
using Microsoft.Extensions.Options;

namespace CookieState.Migration;

/// <summary>Refuses migration options that cannot work, at startup.</summary>
internal sealed class CookieStateMigrationOptionsValidator : IValidateOptions<CookieStateMigrationOptions>
{
    private readonly IOptions<CookieStateOptions> _cookieState;

    public CookieStateMigrationOptionsValidator(IOptions<CookieStateOptions> cookieState)
    {
        _cookieState = cookieState;
    }

    public ValidateOptionsResult Validate(string? name, CookieStateMigrationOptions options)
    {
        var failures = new List<string>();
        var cookieName = options.Cookie?.Name;
        if (string.IsNullOrEmpty(cookieName))
        {
            failures.Add("Cookie.Name must be set to the built-in session's cookie name.");
        }
        else
        {
            // The old cookie must not be read as one of CookieState's own cookies (or as a planted case variant of one).
            var cookieState = _cookieState.Value;
            var names = new CookieNames(cookieState.Cookie.Name ?? string.Empty, cookieState.MaxChunkCount);
            if (names.BaseName.Length > 0 && (names.IndexOf(cookieName, out var caseVariant) > 0 || caseVariant))
            {
                failures.Add($"Cookie.Name '{cookieName}' is also a CookieState cookie name: give CookieState its own cookie name.");
            }
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout.TotalMilliseconds > int.MaxValue)
        {
            failures.Add("Timeout must be positive (and under 24 days).");
        }

        return failures.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(failures.Select(f => "Invalid CookieStateMigrationOptions: " + f));
    }
}
