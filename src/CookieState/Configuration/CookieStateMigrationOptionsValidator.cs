using CookieState.Cookies;
using Microsoft.Extensions.Options;

namespace CookieState.Configuration;

/// <summary>
/// Refuses migration options that cannot work, at startup: the attributes on the options (checked by the generated
/// <see cref="AttributeRules"/>), then the rules that need the CookieState options too.
/// </summary>
internal sealed partial class CookieStateMigrationOptionsValidator : IValidateOptions<CookieStateMigrationOptions>
{
    private static readonly AttributeRules Attributes = new();
    private readonly IOptions<CookieStateOptions> _cookieState;

    public CookieStateMigrationOptionsValidator(IOptions<CookieStateOptions> cookieState)
    {
        _cookieState = cookieState;
    }

    public ValidateOptionsResult Validate(string? name, CookieStateMigrationOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        result.AddResult(Attributes.Validate(name, options));
        var cookieName = options.Cookie?.Name;
        if (string.IsNullOrEmpty(cookieName))
        {
            result.AddError("Invalid CookieStateMigrationOptions: Cookie.Name must be set to the built-in session's cookie name.");
        }
        else
        {
            // The old cookie must not be read as one of CookieState's own cookies (or as a planted case variant of one).
            var cookieState = _cookieState.Value;
            var names = new CookieNames(cookieState.Cookie.Name ?? string.Empty, cookieState.MaxChunkCount);
            if (names.BaseName.Length > 0 && (names.IndexOf(cookieName, out var caseVariant) > 0 || caseVariant))
            {
                result.AddError(
                    $"Invalid CookieStateMigrationOptions: Cookie.Name '{cookieName}' is also a CookieState cookie name: give CookieState its own cookie name.");
            }
        }

        return result.Build();
    }

    [OptionsValidator]
    private sealed partial class AttributeRules : IValidateOptions<CookieStateMigrationOptions>;
}
