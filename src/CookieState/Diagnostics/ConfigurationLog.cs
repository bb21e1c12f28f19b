using Microsoft.Extensions.Logging;

namespace CookieState.Diagnostics;

/// <summary>Start-up warnings about the configuration, category <see cref="CookieStateDiagnostics.ConfigurationLogCategory"/>.</summary>
internal static partial class ConfigurationLog
{
    [LoggerMessage(CookieStateEventIds.RevocationCacheNotShared, LogLevel.Warning, "Revocation is on, but the IDistributedCache is {CacheType}: revocations live in this process only, so a restart makes every revoked cookie valid again, and other nodes never see them. Use a shared, persistent cache (Redis, SQL Server) outside Development.", EventName = "RevocationCacheNotShared")]
    public static partial void RevocationCacheNotShared(ILogger logger, string cacheType);

    [LoggerMessage(CookieStateEventIds.JoseSignedModeReadable, LogLevel.Warning, "The JOSE format is in Signed mode: session cookies are signed JWS tokens, not encrypted, so every session value is readable by the client (base64url is not encryption). Use Encrypted mode unless the session holds only what the user may see.", EventName = "JoseSignedModeReadable")]
    public static partial void JoseSignedModeReadable(ILogger logger);

    [LoggerMessage(CookieStateEventIds.JoseKeysLoaded, LogLevel.Information, "JOSE format ({Mode}): keys {KeyIds} open cookies; key {PrimaryKeyId} seals them.", EventName = "JoseKeysLoaded")]
    public static partial void JoseKeysLoaded(ILogger logger, CookieStateJoseMode mode, string keyIds, string? primaryKeyId);
}
