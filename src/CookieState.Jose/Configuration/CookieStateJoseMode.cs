namespace CookieState;

/// <summary>How the <see cref="CookieStateFormat.Jose"/> format protects a session (<see cref="CookieStateJoseOptions.Mode"/>).</summary>
public enum CookieStateJoseMode
{
    /// <summary>
    /// A compact JWE: <c>"alg":"dir"</c>, <c>"enc":"A256CBC-HS512"</c>, so session values are encrypted and authenticated.
    /// Keys are exactly 64 bytes. The default.
    /// </summary>
    Encrypted = 0,

    /// <summary>
    /// A compact JWS with <c>"alg":"HS256"</c>: authenticated, not encrypted. <b>Every session value is readable by the
    /// client</b> (base64url is not encryption); use it only for state the user may see. Keys are at least 32 bytes.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The name of the mode in the JOSE contract (docs/jose.md).")]
    Signed = 1,
}
