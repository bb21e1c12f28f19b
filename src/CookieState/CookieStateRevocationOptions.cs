namespace CookieState;

/// <summary>Options of the revocation registered by <c>AddCookieStateRevocation()</c>.</summary>
public sealed class CookieStateRevocationOptions
{
    /// <summary>
    /// The prefix of the cache keys revocations are stored under; set one per application when several share a cache.
    /// Default: <c>CookieState:</c>.
    /// </summary>
    public string KeyPrefix { get; set; } = CookieStateDefaults.RevocationKeyPrefix;
}
