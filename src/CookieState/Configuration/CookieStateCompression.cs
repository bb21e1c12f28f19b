namespace CookieState;

/// <summary>How the session state is compressed before it is sealed (<see cref="CookieStateOptions.Compression"/>).</summary>
public enum CookieStateCompression
{
    /// <summary>No compression: the cookie length follows the state length exactly. The default.</summary>
    None = 0,

    /// <summary>Raw DEFLATE, used only when it makes the sealed payload smaller.</summary>
    Deflate = 1,
}
