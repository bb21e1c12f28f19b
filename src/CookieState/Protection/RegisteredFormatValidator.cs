using Microsoft.Extensions.Options;

namespace CookieState.Protection;

/// <summary>
/// Refuses, at startup, a <see cref="CookieStateOptions.Format"/> that no registered format can write: a format that ships
/// in its own package (JOSE) is there only once its package registers it.
/// </summary>
internal sealed class RegisteredFormatValidator(IEnumerable<IStateCodecProvider> formats) : IValidateOptions<CookieStateOptions>
{
    public ValidateOptionsResult Validate(string? name, CookieStateOptions options)
    {
        var unregistered = options.ReadFormats.Where(r => Enum.IsDefined(r) && !formats.Any(f => f.Format == r)).ToArray();
        if (unregistered.Length > 0)
        {
            return ValidateOptionsResult.Fail(
                $"Invalid CookieStateOptions: ReadFormats lists {string.Join(", ", unregistered)}, but no sealer for it is registered.");
        }

        // An undefined value is CookieStateOptionsValidator's to report.
        if (!Enum.IsDefined(options.Format) || formats.Any(f => f.Format == options.Format))
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(options.Format == CookieStateFormat.Jose
            ? "Invalid CookieStateOptions: Format is Jose, but the JOSE format is not registered: add the CookieState.Jose package " +
              "and call services.AddCookieStateJose(...) (e.g. AddCookieStateJose(builder.Configuration.GetSection(\"CookieState:Jose\")))."
            : $"Invalid CookieStateOptions: Format is {options.Format}, but no sealer for it is registered.");
    }
}
