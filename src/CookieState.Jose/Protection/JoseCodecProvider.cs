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
        new JoseStateCodec(jose.Value.Audience, options.IdleTimeout, options.MaxIdleTimeout ?? options.IdleTimeout, options.RefreshThreshold, options.MaxKeyCount, options.MaxKeyLength, options.WriteLegacyHeader, options.MaxPersistentLifetime);
}
