namespace CookieState;

/// <summary>Default values used by CookieState.</summary>
public static class CookieStateDefaults
{
    /// <summary>The default cookie name, <c>.CookieState</c>. Chunk cookies append <c>C2</c>, <c>C3</c>, ….</summary>
    public const string CookieName = ".CookieState";

    /// <summary>The default cookie path, <c>/</c>.</summary>
    public const string CookiePath = "/";

    /// <summary>
    /// The Data Protection purpose of the <see cref="CookieStateFormat.DataProtection"/> format's payloads. It names the
    /// sealing, not the state layout: the layout carries its own version byte, so the purpose stays while layouts are added.
    /// </summary>
    public const string ProtectorPurpose = "CookieState.v1";

    /// <summary>The default idle timeout: 20 minutes, the classic ASP session default.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(20);

    /// <summary>The default absolute timeout: 12 hours, a working day plus margin.</summary>
    public static readonly TimeSpan AbsoluteTimeout = TimeSpan.FromHours(12);

    /// <summary>The default bound on how far in the future a cookie's issue time may lie: 5 minutes.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The default time a node seals with one envelope data key: 1 hour.</summary>
    public static readonly TimeSpan DataKeyLifetime = TimeSpan.FromHours(1);

    /// <summary>The default number of payloads a node seals with one envelope data key: 1,000,000.</summary>
    public const long DataKeyMaxSeals = 1_000_000;

    /// <summary>The default time an unwrapped data key is kept in memory: 5 minutes.</summary>
    public static readonly TimeSpan DataKeyCacheLifetime = TimeSpan.FromMinutes(5);

    /// <summary>The default number of unwrapped data keys a node keeps: 1024.</summary>
    public const int DataKeyCacheSize = 1024;

    /// <summary>The default fraction of the idle timeout after which an active session is re-issued: 0.5.</summary>
    public const double RefreshThreshold = 0.5;

    /// <summary>
    /// The default maximum length of one whole <c>Set-Cookie</c> header value (name, value and attributes): 4050 characters,
    /// as ASP.NET Core's chunking cookie manager uses (browsers drop cookies above about 4096 bytes).
    /// </summary>
    public const int ChunkSize = 4050;

    /// <summary>
    /// The default budget for all CookieState cookies as the browser sends them back in the <c>Cookie</c> header: 6144 characters.
    /// nginx and Apache reject a request header line above 8 KB by default, which leaves about 2 KB for the app's other cookies.
    /// </summary>
    public const int MaxCookieSize = 6144;

    /// <summary>The default maximum number of chunk cookies that will be read or written: 16.</summary>
    public const int MaxChunkCount = 16;

    /// <summary>The largest <see cref="CookieStateOptions.MaxChunkCount"/> allowed: 64.</summary>
    public const int MaxChunkCountLimit = 64;

    /// <summary>The default maximum number of keys in one session: 1024.</summary>
    public const int MaxKeyCount = 1024;

    /// <summary>The default maximum length of one key in UTF-8 bytes: 1024.</summary>
    public const int MaxKeyLength = 1024;

    /// <summary>The default upper bound of a buffered response when <see cref="CookieStateOptions.BufferResponse"/> is on: 32 MB.</summary>
    public const long ResponseBufferLimit = 32L * 1024 * 1024;

    /// <summary>
    /// The default cap on the size of a decompressed state when <see cref="CookieStateOptions.Compression"/> is on: 64 KB.
    /// A compressed state that would inflate beyond it is rejected as oversized without being inflated further.
    /// </summary>
    public const int MaxDecompressedSize = 64 * 1024;

    /// <summary>The session key under which a user binding is kept, <c>.CookieState.User</c> (see <c>BindUser</c>).</summary>
    public const string UserBindingKey = ".CookieState.User";

    /// <summary>The default prefix of the revocation entries in the distributed cache, <c>CookieState:</c>.</summary>
    public const string RevocationKeyPrefix = "CookieState:";

    /// <summary>The default time a revocation check or record may take before the store counts as failed: 5 seconds.</summary>
    public static readonly TimeSpan RevocationTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The default time reading a built-in session from the cache, or removing it, may take in migration mode: 5 seconds.</summary>
    public static readonly TimeSpan MigrationTimeout = TimeSpan.FromSeconds(5);
}
