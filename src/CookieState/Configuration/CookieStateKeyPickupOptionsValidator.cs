using Microsoft.Extensions.Options;

namespace CookieState.Configuration;

/// <summary>Refuses unknown-key pickup options that cannot work, at startup: the rules are the attributes on the options.</summary>
[OptionsValidator]
internal sealed partial class CookieStateKeyPickupOptionsValidator : IValidateOptions<CookieStateKeyPickupOptions>;
