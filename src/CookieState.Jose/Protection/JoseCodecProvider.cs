using CookieState.Protection;
using CookieState.Serialization;
using Microsoft.Extensions.Options;

namespace CookieState.Jose.Protection;

/// <summary>
/// The plaintext of the <see cref="CookieStateFormat.Jose"/> format: the claims object, whose <c>aud</c> is
/// <see cref="CookieStateJoseOptions.Audience"/> and whose <c>exp</c> follows the core's idle timeouts. Never compressed or
/// padded: other stacks read the claims as they are.
/// </summary>
internal sealed class JoseCodecProvider(IOptions<CookieStateJoseOptions> jose) : IStateCodecProvider
{
    public CookieStateFormat Format => CookieStateFormat.Jose;

    public bool Compressible => false;

    public IStateCodec CreateCodec(CookieStateOptions options) =>
        new JoseStateCodec(Audience(jose.Value.Audience, options.ApplicationDiscriminator), options.IdleTimeout, options.MaxIdleTimeout ?? options.IdleTimeout, options.RefreshThreshold, options.MaxKeyCount, options.MaxKeyLength, options.WriteLegacyHeader, options.MaxPersistentLifetime);

    /// <summary>
    /// The audience written and required: the configured one, except that the default one names the application
    /// discriminator when there is one, so that two apps sharing a JOSE key do not accept each other's tokens.
    /// </summary>
    internal static string Audience(string configured, string? discriminator) =>
        configured == CookieStateJoseOptions.DefaultAudience && !string.IsNullOrEmpty(discriminator)
            ? CookieStateJoseOptions.DefaultAudience + "/" + discriminator
            : configured;
}
