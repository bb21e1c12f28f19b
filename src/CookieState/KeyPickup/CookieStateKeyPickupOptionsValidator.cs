using Microsoft.Extensions.Options;

namespace CookieState.KeyPickup;

/// <summary>Refuses unknown-key pickup options that cannot work, at startup.</summary>
internal sealed class CookieStateKeyPickupOptionsValidator : IValidateOptions<CookieStateKeyPickupOptions>
{
    public ValidateOptionsResult Validate(string? name, CookieStateKeyPickupOptions options) =>
        options.MinLookupInterval >= TimeSpan.Zero
        && options.ReloadTimeout > TimeSpan.Zero && options.ReloadTimeout.TotalMilliseconds <= int.MaxValue
        && options.UnknownKeyMemory >= TimeSpan.Zero
        && options.MaxRememberedUnknownKeys >= 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                "Invalid CookieStateKeyPickupOptions: MinLookupInterval and UnknownKeyMemory must not be negative, ReloadTimeout " +
                "must be positive (and under 24 days), MaxRememberedUnknownKeys must not be negative.");
}
