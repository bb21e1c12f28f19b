using Microsoft.Extensions.Options;

namespace CookieState.Configuration;

/// <summary>Refuses revocation options that cannot work, at startup.</summary>
internal sealed class CookieStateRevocationOptionsValidator : IValidateOptions<CookieStateRevocationOptions>
{
    public ValidateOptionsResult Validate(string? name, CookieStateRevocationOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.KeyPrefix))
        {
            failures.Add("Invalid CookieStateRevocationOptions: KeyPrefix must be set.");
        }

        if (!Enum.IsDefined(options.FailureMode))
        {
            failures.Add("Invalid CookieStateRevocationOptions: FailureMode must be a known value.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout.TotalMilliseconds > int.MaxValue)
        {
            failures.Add("Invalid CookieStateRevocationOptions: Timeout must be positive (and under 24 days).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
