using System.ComponentModel.DataAnnotations;
using CookieState.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CookieState;

/// <summary>Options for the CookieState session.</summary>
public sealed class CookieStateOptions
{
    private CookieBuilder _cookieBuilder = new()
    {
        Path = "/",
        SameSite = SameSiteMode.Lax,
        HttpOnly = true,
        SecurePolicy = CookieSecurePolicy.SameAsRequest,
        IsEssential = false,
    };

    /// <summary>
    /// The settings of the session cookies, applied to every chunk and every deletion. Defaults: no name set, which resolves
    /// at startup, as cookie authentication's does, to <c>__Host-CookieState</c> when <c>SecurePolicy</c> is
    /// <see cref="CookieSecurePolicy.Always"/>, the path <c>/</c> and no domain is set, and to <c>.CookieState</c> otherwise
    /// (a name without <c>__Host-</c> or <c>__Secure-</c> is warned about outside Development: a sibling subdomain can plant
    /// cookies under it); path <c>/</c>, <c>HttpOnly</c>, <c>SameSite=Lax</c>, <c>Secure</c> when the request is HTTPS
    /// (<see cref="CookieSecurePolicy.SameAsRequest"/>), not essential, and no expiry: a browser-session cookie, while the
    /// server enforces the timeouts. <c>Expiration</c> and <c>MaxAge</c> are refused at startup.
    /// In production set <see cref="CookieSecurePolicy.Always"/>, which gives the name <c>__Host-CookieState</c>; an app
    /// upgrading from a version that defaulted to <c>.CookieState</c> keeps its live sessions only if it pins that name.
    /// </summary>
    public CookieBuilder Cookie
    {
        get => _cookieBuilder;
        set => _cookieBuilder = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// How long a session may stay unused before it expires, unless the session was given its own timeout with
    /// <c>ISession.SetIdleTimeout</c>. Default: 20 minutes, as classic ASP's <c>Session.Timeout</c>.
    /// </summary>
    [TimeSpanRange(ErrorMessage = "IdleTimeout must be positive.")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>
    /// The longest idle timeout app code may give one session with <c>ISession.SetIdleTimeout</c>, at most
    /// <see cref="AbsoluteTimeout"/>. Default: <see langword="null"/>, which means <see cref="IdleTimeout"/>: sessions can
    /// only be given shorter timeouts.
    /// </summary>
    public TimeSpan? MaxIdleTimeout { get; set; }

    /// <summary>
    /// How far in the future a cookie's issue time may lie, for clocks that differ between nodes. A cookie sealed further
    /// ahead is rejected as <see cref="CookieStateRejectionReason.IssuedInFuture"/>. Default: 5 minutes.
    /// </summary>
    [TimeSpanRange(AllowZero = true, ErrorMessage = "MaxClockSkew must not be negative.")]
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The maximum lifetime of a session, however active. Default: 12 hours, a working day plus margin.</summary>
    [TimeSpanRange(ErrorMessage = "AbsoluteTimeout must be positive.")]
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// The fraction of the session's idle timeout that must pass since the cookie was issued before a request re-issues it
    /// (sliding expiration), between 0 (every request) and 1. Default: 0.5. A cookie is valid for
    /// <c>IdleTimeout × (1 + RefreshThreshold)</c> after it was issued, so that a session never expires before
    /// <see cref="IdleTimeout"/> after the last request; that is also how long a stolen copy lives (30 minutes at
    /// defaults). 0 gives exact bounds at one seal per request.
    /// </summary>
    [Range(0d, 1d, ErrorMessage = "RefreshThreshold must lie within 0..1.")]
    public double RefreshThreshold { get; set; } = 0.5;

    /// <summary>
    /// Whether requests that never touch the session also slide its idle timeout, as classic ASP and ASP.NET Core's own
    /// session do: once the refresh threshold has passed (read from a cleartext hint, without opening the cookie), such a
    /// request opens the session once and re-issues its cookie; other requests do nothing. Never on a response marked
    /// cacheable. Each refresh is a write, which widens the last-writer-wins window (docs/design.md). Cookies in the
    /// <see cref="CookieStateFormat.DataProtection"/> format carry no hint and slide only when used. Default: <see langword="true"/>.
    /// </summary>
    public bool RefreshUntouchedSessions { get; set; } = true;

    /// <summary>
    /// How new cookies are sealed. Every registered format is read whatever this says, unless <see cref="ReadFormats"/>
    /// narrows it. Default: <see cref="CookieStateFormat.Envelope"/>.
    /// </summary>
    [EnumDataType(typeof(CookieStateFormat), ErrorMessage = "Format must be a known value.")]
    public CookieStateFormat Format { get; set; } = CookieStateFormat.Envelope;

    /// <summary>Settings of the <see cref="CookieStateFormat.Envelope"/> format's data keys.</summary>
    [Required(ErrorMessage = "Envelope must be set.")]
    [ValidateObjectMembers]
    public CookieStateEnvelopeOptions Envelope { get; set; } = new();

    /// <summary>
    /// The maximum length of one whole <c>Set-Cookie</c> value, attributes included. Default: 4050, as ASP.NET Core's
    /// chunking cookie manager uses (browsers drop cookies above about 4096 bytes).
    /// </summary>
    [Range(256, 4096, ErrorMessage = "ChunkSize must lie within 256..4096: browsers drop cookies over about 4096 bytes.")]
    public int ChunkSize { get; set; } = 4050;

    /// <summary>
    /// The size budget of all CookieState cookies as sent back by the browser (<c>name=value</c> pairs and separators).
    /// A <c>Set</c> that would exceed it throws <see cref="CookieStateOverflowException"/>, and so does a commit. Default: 6144:
    /// nginx and Apache reject a request header line above 8 KB by default, which leaves about 2 KB for the app's other cookies.
    /// </summary>
    [Range(1, int.MaxValue, ErrorMessage = "MaxCookieSize must be positive.")]
    public int MaxCookieSize { get; set; } = 6144;

    /// <summary>
    /// The maximum number of chunk cookies read or written, at most 64. Cookies named beyond it are never read or expired.
    /// Default: 16.
    /// </summary>
    [Range(1, 64, ErrorMessage = "MaxChunkCount must lie within 1..64.")]
    public int MaxChunkCount { get; set; } = 16;

    /// <summary>The maximum number of keys in a session. Default: 1024.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "MaxKeyCount must be positive.")]
    public int MaxKeyCount { get; set; } = 1024;

    /// <summary>The maximum length of a key in UTF-8 bytes. Default: 1024.</summary>
    [Range(1, 65535, ErrorMessage = "MaxKeyLength must lie within 1..65535.")]
    public int MaxKeyLength { get; set; } = 1024;

    /// <summary>
    /// Buffer the response body so that session changes made while the body is written still reach the cookie,
    /// as classic ASP's <c>Response.Buffer</c> did. Costs memory (then a temp file) per request. Default: <see langword="false"/>.
    /// </summary>
    public bool BufferResponse { get; set; }

    /// <summary>The largest response body buffered when <see cref="BufferResponse"/> is on. Default: 32 MB.</summary>
    [Range(1d, long.MaxValue, ErrorMessage = "ResponseBufferLimit must be positive.")]
    public long ResponseBufferLimit { get; set; } = 32L * 1024 * 1024;

    /// <summary>Callbacks for session lifecycle events. Default: an instance that does nothing.</summary>
    [Required(ErrorMessage = "Events must be set.")]
    public CookieStateEvents Events { get; set; } = new();

    /// <summary>
    /// Compresses the state before sealing, only when that makes it smaller. Default: <see cref="CookieStateCompression.None"/>.
    /// Compressing data an attacker can influence next to secrets leaks those secrets through the cookie length
    /// (CRIME/BREACH), which is why ASP.NET Core does not compress its cookies: turn it on only when the session holds no
    /// secret next to attacker-influenced values, and consider <see cref="PaddingBucket"/>. See docs/security.md.
    /// </summary>
    [EnumDataType(typeof(CookieStateCompression), ErrorMessage = "Compression must be a known value.")]
    public CookieStateCompression Compression { get; set; } = CookieStateCompression.None;

    /// <summary>
    /// The largest a compressed state may inflate to, in bytes. A state above it is stored uncompressed, and a cookie that
    /// claims more is rejected as <see cref="CookieStateRejectionReason.Oversized"/> without inflating beyond the cap.
    /// At most 16 MB. Default: 64 KB.
    /// </summary>
    [Range(1, 16 * 1024 * 1024, ErrorMessage = "MaxDecompressedSize must lie within 1..16 MB.")]
    public int MaxDecompressedSize { get; set; } = 64 * 1024;

    /// <summary>
    /// Pads the sealed plaintext with zeros to a multiple of this many bytes, so that the cookie length reveals only the
    /// bucket of the state size. 0 turns padding off. Default: 0.
    /// </summary>
    [Range(0, 4096, ErrorMessage = "PaddingBucket must lie within 0..4096.")]
    public int PaddingBucket { get; set; }

    /// <summary>
    /// Whether the envelope and JOSE formats keep sealing the plaintext header nodes of CookieState 0.2 read (binary header
    /// version 3; no <c>cs_lineage</c>/<c>cs_user</c>/<c>cs_bound</c> claims), for the first phase of a rolling upgrade: turn
    /// it on until every node reads header version 4, then off (docs/farm.md, "Rolling out 0.3 cookies"). While it is on, a
    /// cookie carries no lineage (its lineage is its session id, so <c>Abandon()</c> does not reach copies taken under an
    /// id before <c>RegenerateId()</c>) and a user binding travels as the reserved entry <c>.CookieState.User</c>.
    /// Every header version is read whatever this says. Default: <see langword="false"/> (write version 4).
    /// </summary>
    public bool WriteLegacyHeader { get; set; }

    /// <summary>
    /// The formats whose cookies this node reads; a cookie in any other format is refused before any cryptography, as
    /// <see cref="CookieStateRejectionReason.AlgorithmNotAllowed"/>. Empty means every registered format, so switching
    /// <see cref="Format"/> never ends sessions. After a key of one format is compromised, list the others to stop reading
    /// it at once. Must include <see cref="Format"/> (checked at start), and only registered formats. Configuration:
    /// <c>ReadFormats:0</c>, <c>ReadFormats:1</c>, …. Default: empty (all registered formats).
    /// </summary>
    public IList<CookieStateFormat> ReadFormats { get; } = [];

    /// <summary>
    /// Sets this app apart from other apps that share its Data Protection key ring and application name on purpose (for
    /// single sign-on, say): it is bound into what every cookie is sealed with (the envelope format's authenticated data,
    /// the Data Protection format's purpose), so an app with another discriminator refuses these cookies as tampered, and
    /// it makes the JOSE format's default audience <c>CookieState/{discriminator}</c>. At most 128 characters. Setting or
    /// changing it on a running farm ends every existing session, as a new key ring would. Default: <see langword="null"/>
    /// (none: cookies and the JOSE audience are exactly those of a CookieState without it).
    /// </summary>
    public string? ApplicationDiscriminator { get; set; }

    /// <summary>
    /// The longest a session made persistent with <c>ISession.SetPersistent</c> ("remember me") may live, at most 400 days
    /// (browsers cap cookie expiry there), and never less than <see cref="IdleTimeout"/>. A persistent session slides by its
    /// own lifetime (each ≤ this) and ends at the latest this long after <c>SetPersistent</c> was called; its cookies carry
    /// <c>Expires</c>/<c>Max-Age</c>, so it survives closing the browser. Other sessions keep <see cref="IdleTimeout"/>,
    /// <see cref="AbsoluteTimeout"/> and browser-session cookies. Revocation retention and data key expiry grow to cover it.
    /// Not allowed with <see cref="WriteLegacyHeader"/> or the <see cref="CookieStateFormat.DataProtection"/> format (header
    /// versions 3 and 1 have no place for persistence). Start-up warns outside
    /// Development when it is set and no revocation is registered: a persistent session needs "sign out everywhere".
    /// Default: <see langword="null"/>: persistence is off and <c>SetPersistent</c> throws.
    /// </summary>
    public TimeSpan? MaxPersistentLifetime { get; set; }

    /// <summary>
    /// Key prefixes whose entries live in cookie sets of their own, so that parallel requests that change keys of different
    /// partitions never lose each other's writes: partition <c>cart</c> holds every key that starts with <c>cart:</c>. Names
    /// are 1 to 16 characters of <c>a-z</c> and <c>0-9</c>, distinct, at most 8. With at least one, the session is written as
    /// a lifetime set (<c>{Cookie.Name}</c>, header only), the rest (<c>{Cookie.Name}.-</c>) and one set per partition
    /// (<c>{Cookie.Name}.{partition}</c>), each written only when one of its keys changed. No invariant may span partitions:
    /// see docs/security.md. Default: empty (one cookie set, as before).
    /// </summary>
    public IList<string> Partitions { get; } = new List<string>();
}
