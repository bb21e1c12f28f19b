namespace CookieState;

/// <summary>
/// Settings of the <see cref="CookieStateFormat.Jose"/> format, registered by <c>services.AddCookieStateJose()</c> and bound
/// by <c>AddCookieStateJose(IConfiguration)</c>, usually from <c>CookieState:Jose</c>. Cookies in this format are read whenever keys are
/// configured, whatever <see cref="CookieStateOptions.Format"/> says; they are written only when it says
/// <see cref="CookieStateFormat.Jose"/>. Keys are read at startup. See docs/jose.md.
/// </summary>
public sealed class CookieStateJoseOptions
{
    /// <summary>Whether tokens are encrypted (JWE) or only signed (JWS). Default: <see cref="CookieStateJoseMode.Encrypted"/>.</summary>
    public CookieStateJoseMode Mode { get; set; } = CookieStateJoseMode.Encrypted;

    /// <summary>
    /// Every key that opens cookies: the primary, and the keys being phased in or out. A cookie sealed with a key that is
    /// not listed (or outside its <see cref="CookieStateJoseKey.NotBefore"/>/<see cref="CookieStateJoseKey.NotAfter"/>
    /// window) is rejected. Default: empty.
    /// </summary>
    public IList<CookieStateJoseKey> Keys { get; } = new List<CookieStateJoseKey>();

    /// <summary>
    /// The <see cref="CookieStateJoseKey.Id"/> of the key new cookies are sealed with; required when
    /// <see cref="CookieStateOptions.Format"/> is <see cref="CookieStateFormat.Jose"/>. Cookies sealed with another
    /// configured key are re-sealed with this one at their next write. Default: <see langword="null"/>.
    /// </summary>
    public string? PrimaryKeyId { get; set; }

    /// <summary>
    /// The <c>aud</c> claim every token carries and must carry to be accepted, so that a token minted for another purpose
    /// under the same key is refused (RFC 8725). Left at its default while <see cref="CookieStateOptions.ApplicationDiscriminator"/>
    /// is set, it becomes <c>CookieState/{discriminator}</c>. Default: <c>CookieState</c>.
    /// </summary>
    public string Audience { get; set; } = DefaultAudience;

    /// <summary>The default <see cref="Audience"/>.</summary>
    internal const string DefaultAudience = "CookieState";
}
