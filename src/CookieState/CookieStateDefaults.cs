namespace CookieState;

/// <summary>
/// The names CookieState uses: its default cookie name, Data Protection purpose, session keys and cache key prefix. Default
/// values of options live on the options types themselves (<see cref="CookieStateOptions"/> and the others), each documented
/// where it is set.
/// </summary>
public static class CookieStateDefaults
{
    /// <summary>The default cookie name, <c>.CookieState</c>. Chunk cookies append <c>C2</c>, <c>C3</c>, ….</summary>
    public const string CookieName = ".CookieState";

    /// <summary>
    /// The cookie name when none is set and the cookie qualifies for the <c>__Host-</c> prefix (<c>Secure</c> always, path
    /// <c>/</c>, no domain): <c>__Host-CookieState</c>. A sibling subdomain cannot plant or shadow a <c>__Host-</c> cookie.
    /// </summary>
    public const string HostCookieName = "__Host-CookieState";

    /// <summary>
    /// The Data Protection purpose of the <see cref="CookieStateFormat.DataProtection"/> format's payloads. It names the
    /// sealing, not the state layout: the layout carries its own version byte, so the purpose stays while layouts are added.
    /// </summary>
    public const string ProtectorPurpose = "CookieState.v1";


    /// <summary>
    /// The session key under which CookieState 0.2 kept a user binding, <c>.CookieState.User</c>. The binding now lives in
    /// the sealed header (see <c>BindUser</c>); the key is reserved (<c>Set</c> refuses it), still written for nodes of 0.2
    /// by the Data Protection format and while <see cref="CookieStateOptions.WriteLegacyHeader"/> is on, and read into the
    /// header from older cookies.
    /// </summary>
    public const string UserBindingKey = ".CookieState.User";

    /// <summary>The default prefix of the revocation entries in the distributed cache, <c>CookieState:</c>.</summary>
    public const string RevocationKeyPrefix = "CookieState:";
}
