namespace CookieState;

/// <summary>
/// How new session cookies are sealed (<see cref="CookieStateOptions.Format"/>). Every format is read whatever this says,
/// so changing it never ends live sessions: cookies in another format are re-sealed at their next write.
/// </summary>
public enum CookieStateFormat
{
    /// <summary>
    /// AES-256-GCM under a per-node data key that is itself sealed with Data Protection and travels in the cookie
    /// (envelope encryption). Any node that shares the key ring opens it; a node unwraps each data key once and caches it,
    /// so a request costs one AES-GCM operation instead of a Data Protection one. The default.
    /// </summary>
    Envelope = 0,

    /// <summary>
    /// Each cookie sealed by Data Protection directly: the format of CookieState before <see cref="Envelope"/>. Slower; use it
    /// during a rolling upgrade while nodes that only read this format still serve requests (see docs/farm.md).
    /// </summary>
    DataProtection = 1,

    /// <summary>
    /// A standard compact JWE (<c>dir</c> + <c>A256CBC-HS512</c>) or, in signed mode, JWS (<c>HS256</c>) whose payload is
    /// the session as JSON claims, under keys shared through configuration. Any JOSE library on any stack that holds a key
    /// reads and writes it; no Data Protection key ring is involved. It ships in the <c>CookieState.Jose</c> package: register
    /// it with <c>services.AddCookieStateJose()</c>. See docs/jose.md.
    /// </summary>
    Jose = 2,
}
