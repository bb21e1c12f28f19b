using Microsoft.Extensions.Logging;

namespace CookieState.Diagnostics;

/// <summary>Start-up warnings about the configuration, category <see cref="CookieStateDiagnostics.ConfigurationLogCategory"/>.</summary>
internal static partial class ConfigurationLog
{
    [LoggerMessage(CookieStateEventIds.RevocationCacheNotShared, LogLevel.Warning, "Revocation is on, but the IDistributedCache is {CacheType}: revocations live in this process only, so a restart makes every revoked cookie valid again, and other nodes never see them. Use a shared, persistent cache (Redis, SQL Server) outside Development.", EventName = "RevocationCacheNotShared")]
    public static partial void RevocationCacheNotShared(ILogger logger, string cacheType);

    [LoggerMessage(CookieStateEventIds.CookieNameWithoutPrefix, LogLevel.Warning, "The session cookie name '{CookieName}' has neither the __Host- nor the __Secure- prefix: a sibling subdomain, or a plain-HTTP attacker before HSTS, can plant cookies under it (cookie tossing). Set Cookie.SecurePolicy = Always with path / and no domain to get __Host-CookieState, or name the cookie with a prefix.", EventName = "CookieNameWithoutPrefix")]
    public static partial void CookieNameWithoutPrefix(ILogger logger, string cookieName);

    [LoggerMessage(CookieStateEventIds.PersistentSessionsWithoutRevocation, LogLevel.Warning, "MaxPersistentLifetime is {MaxPersistentLifetime}, so sessions may outlive the browser for that long, but no revocation is registered: a persistent session cannot be signed out everywhere, and a stolen copy of its cookies stays valid until it expires. Register revocation (AddCookieStateRevocation) and offer RevokeUserAsync.", EventName = "PersistentSessionsWithoutRevocation")]
    public static partial void PersistentSessionsWithoutRevocation(ILogger logger, TimeSpan maxPersistentLifetime);
}
