using Microsoft.Extensions.Options;

namespace CookieState.Configuration;

/// <summary>
/// Refuses revocation options that cannot work, at startup: ranges are the attributes on the options, checked by the
/// generated <see cref="AttributeRules"/>; the rules that relate options to each other are written here.
/// </summary>
internal sealed partial class CookieStateRevocationOptionsValidator : IValidateOptions<CookieStateRevocationOptions>
{
    private static readonly AttributeRules Attributes = new();

    public ValidateOptionsResult Validate(string? name, CookieStateRevocationOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        result.AddResult(Attributes.Validate(name, options));

        // A node that may go stale sooner than a revocation can reach it would fail sessions in the steady state.
        if (options.MaxStaleness < options.MaxPropagationDelay)
        {
            result.AddError("Invalid CookieStateRevocationOptions: MaxStaleness must be at least MaxPropagationDelay.");
        }

        return result.Build();
    }

    [OptionsValidator]
    private sealed partial class AttributeRules : IValidateOptions<CookieStateRevocationOptions>;
}
