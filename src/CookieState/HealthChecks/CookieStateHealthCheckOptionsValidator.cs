using Microsoft.Extensions.Options;

namespace CookieState.HealthChecks;

/// <summary>Refuses health check options that cannot work, at startup.</summary>
internal sealed class CookieStateHealthCheckOptionsValidator : IValidateOptions<CookieStateHealthCheckOptions>
{
    public ValidateOptionsResult Validate(string? name, CookieStateHealthCheckOptions options) =>
        options.KeyExpirationWindow >= TimeSpan.Zero
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Invalid CookieStateHealthCheckOptions '{name}': KeyExpirationWindow must not be negative.");
}
