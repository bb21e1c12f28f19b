namespace CookieState;

/// <summary>Why incoming session cookies were rejected.</summary>
public enum CookieStateRejectionReason
{
    /// <summary>The payload failed authentication: changed, truncated, or sealed for another application or purpose.</summary>
    Tampered = 1,

    /// <summary>The payload names a key this node does not have (a Data Protection key, or a JOSE <c>kid</c> not configured).</summary>
    UnknownKey = 2,

    /// <summary>
    /// The payload was sealed with a key that has since been revoked, with a JOSE key outside its
    /// <c>CookieStateJoseKey.NotBefore</c>/<c>NotAfter</c> window, or with an envelope data key past its expiry (or one
    /// without an expiry while <see cref="CookieStateEnvelopeOptions.ReadV1DataKeys"/> is off).
    /// </summary>
    KeyRevoked = 3,

    /// <summary>The cookie text or the decrypted state is not in the expected format.</summary>
    Malformed = 4,

    /// <summary>The cookies exceed the configured size, chunk, or key limits.</summary>
    Oversized = 5,

    /// <summary>
    /// Chunk cookies are missing, extra, out of order, or from different writes; or a cookie name appears twice or in
    /// another letter case.
    /// </summary>
    ChunkMismatch = 6,

    /// <summary>The payload claims to be issued further in the future than <see cref="CookieStateOptions.MaxClockSkew"/> allows.</summary>
    IssuedInFuture = 7,

    /// <summary>
    /// A JOSE token with an algorithm other than the configured one: <c>alg: none</c>, another <c>alg</c> or <c>enc</c>,
    /// compression, or a JWS where a JWE is configured and the reverse. Also a cookie in a format this node does not read
    /// (<see cref="CookieStateOptions.ReadFormats"/>).
    /// </summary>
    AlgorithmNotAllowed = 8,

    /// <summary>A JOSE token whose <c>aud</c> claim is missing or is not <c>CookieStateJoseOptions.Audience</c> (CookieState.Jose package).</summary>
    AudienceMismatch = 9,

    /// <summary>
    /// A partition's cookie set (<see cref="CookieStateOptions.Partitions"/>) sealed to another session id or another
    /// partition than the one it came as: refused and expired, never mixed into this session.
    /// </summary>
    PartitionMismatch = 10,
}
