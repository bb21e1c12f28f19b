using CookieState.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Session;

namespace CookieState;

/// <summary>
/// Options of the migration from ASP.NET Core's built-in session, turned on by <c>AddCookieStateMigration()</c>. A request
/// that carries the built-in session cookie and no CookieState cookie has its built-in session imported once: read from the
/// <c>IDistributedCache</c> the built-in session used, written into CookieState cookies, the old cookie expired. See
/// docs/migration.md.
/// </summary>
public sealed class CookieStateMigrationOptions
{
    private CookieBuilder _cookie = new()
    {
        Name = SessionDefaults.CookieName,
        Path = SessionDefaults.CookiePath,
        SameSite = SameSiteMode.Lax,
        HttpOnly = true,
        SecurePolicy = CookieSecurePolicy.None,
        IsEssential = false,
    };

    /// <summary>
    /// The built-in session's cookie as <c>SessionOptions.Cookie</c> described it: copy what you gave <c>AddSession()</c>.
    /// The name finds the cookie; name, path, domain and the secure policy are what its deletion must match. Defaults, as the
    /// built-in session's: name <c>.AspNetCore.Session</c>, path <c>/</c>, <c>SameSite=Lax</c>, <c>HttpOnly</c>,
    /// <see cref="CookieSecurePolicy.None"/>, not essential.
    /// </summary>
    public CookieBuilder Cookie
    {
        get => _cookie;
        set => _cookie = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Whether an imported session's entry is removed from the cache, so that a copy of the old cookie (a stolen one, or
    /// one a second tab still sends) finds nothing to import again. Turn it off only to keep the entries for a rollback:
    /// then every copy of an old cookie imports the session again until the entry expires. Default: <see langword="true"/>.
    /// </summary>
    public bool RemoveImportedSessions { get; set; } = true;

    /// <summary>
    /// How long reading the built-in session from the cache, and removing it, may take (the built-in session's
    /// <c>SessionOptions.IOTimeout</c>). A read that fails or times out imports nothing and leaves the old cookie in place,
    /// so the next request tries again. Default: 5 seconds.
    /// </summary>
    [TimeSpanRange(TimerLimit = true, ErrorMessage = "Timeout must be positive (and under 24 days).")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
