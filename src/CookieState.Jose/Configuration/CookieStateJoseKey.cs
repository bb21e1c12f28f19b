namespace CookieState;

/// <summary>
/// One shared secret of the <see cref="CookieStateFormat.Jose"/> format, named by the <c>kid</c> header of the tokens it
/// seals. Configured as <c>CookieState:Jose:Keys:0:Id</c>, <c>…:Key</c> and so on, from any configuration source.
/// </summary>
public sealed class CookieStateJoseKey
{
    /// <summary>
    /// The key id written as <c>kid</c>: 1 to 64 characters from <c>A–Z a–z 0–9 . _ ~ -</c>, unique among the keys.
    /// Default: empty, which is refused at startup.
    /// </summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>
    /// The secret, base64url without padding: exactly 64 bytes in <see cref="CookieStateJoseMode.Encrypted"/> mode
    /// (<c>A256CBC-HS512</c> takes a 32-byte MAC key and a 32-byte AES key), at least 32 bytes in
    /// <see cref="CookieStateJoseMode.Signed"/> mode. Make one with <c>openssl rand 64 | basenc --base64url | tr -d '=\n'</c>.
    /// Default: empty, which is refused at startup.
    /// </summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>
    /// When the key starts to open cookies, or <see langword="null"/> for at once. Only for keys that are not the primary.
    /// Default: <see langword="null"/>.
    /// </summary>
    public DateTimeOffset? NotBefore { get; set; }

    /// <summary>
    /// When the key stops opening cookies (they are then rejected as <see cref="CookieStateRejectionReason.KeyRevoked"/>), or
    /// <see langword="null"/> for never. Only for keys that are not the primary. Default: <see langword="null"/>.
    /// </summary>
    public DateTimeOffset? NotAfter { get; set; }
}
