using Microsoft.Extensions.Options;

namespace CookieState.Configuration;

/// <summary>Refuses revocation options that cannot work, at startup: the rules are the attributes on the options.</summary>
[OptionsValidator]
internal sealed partial class CookieStateRevocationOptionsValidator : IValidateOptions<CookieStateRevocationOptions>;
