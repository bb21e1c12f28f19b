using CookieState.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CookieState.Migration;

/// <summary>
/// Logs of the migration from the built-in session, category <see cref="CookieStateDiagnostics.MigrationLogCategory"/>.
/// They name session ids (<c>ISession.Id</c>), sizes and key names, never a cookie value, a session key or a value.
/// </summary>
internal static partial class MigrationLog
{
    [LoggerMessage(CookieStateEventIds.SessionMigrated, LogLevel.Information, "Built-in session {SessionId} imported into CookieState: {KeyCount} key(s), {Size} bytes; the old cookie is expired and the cache entry {CacheEntry}.", EventName = "SessionMigrated")]
    public static partial void SessionMigrated(ILogger logger, string sessionId, int keyCount, int size, string cacheEntry);

    [LoggerMessage(CookieStateEventIds.MigrationSessionNotFound, LogLevel.Information, "The built-in session cookie names no session with keys in the cache (it expired, or was imported already); nothing imported, the old cookie is expired.", EventName = "MigrationSessionNotFound")]
    public static partial void SessionNotFound(ILogger logger);

    [LoggerMessage(CookieStateEventIds.MigrationSessionTooLarge, LogLevel.Warning, "Built-in session {SessionId} was not imported: {KeyCount} key(s), {Size} bytes break the CookieState {Limit} limit ({Actual} over {Maximum}). Nothing was truncated: its cache entry is kept until it expires, the old cookie is expired and the user starts a new session. Largest keys: {LargestKeys}. Sessions too large not logged since the last line: {Suppressed}.", EventName = "MigrationSessionTooLarge")]
    public static partial void SessionTooLarge(ILogger logger, string sessionId, int keyCount, int size, string limit, int actual, int maximum, string largestKeys, long suppressed);

    [LoggerMessage(CookieStateEventIds.MigrationCookieRejected, LogLevel.Warning, "The built-in session cookie could not be read ({Problem}); nothing imported, the cookie is left as it is. Reading it needs the Data Protection key ring and application name the built-in session used. Cookies like it not logged since the last line: {Suppressed}.", EventName = "MigrationCookieRejected")]
    public static partial void CookieRejected(ILogger logger, string problem, long suppressed);

    [LoggerMessage(CookieStateEventIds.MigrationStoreFailed, LogLevel.Error, "The built-in session could not be read from the IDistributedCache; nothing imported, the old cookie is kept and the next request tries again.", EventName = "MigrationStoreFailed")]
    public static partial void StoreFailed(ILogger logger, Exception exception);

    [LoggerMessage(CookieStateEventIds.MigrationEntryNotRemoved, LogLevel.Error, "Built-in session {SessionId} was imported, but its cache entry could not be removed: a copy of the old cookie can import it again until the entry expires.", EventName = "MigrationEntryNotRemoved")]
    public static partial void EntryNotRemoved(ILogger logger, string sessionId, Exception exception);

    [LoggerMessage(CookieStateEventIds.MigrationCacheNotShared, LogLevel.Warning, "Migration from the built-in session is on, but the IDistributedCache is {CacheType}: it lives in this process, so the built-in sessions of the process before this one are gone and none can be imported. Register the cache the built-in session used (Redis, SQL Server).", EventName = "MigrationCacheNotShared")]
    public static partial void CacheNotShared(ILogger logger, string cacheType);

    [LoggerMessage(CookieStateEventIds.MigrationSessionRefused, LogLevel.Information, "Built-in session {SessionId} was not imported: {Reason}. The old cookie is expired and the cache entry {CacheEntry}.", EventName = "MigrationSessionRefused")]
    public static partial void SessionRefused(ILogger logger, string sessionId, string reason, string cacheEntry);

    [LoggerMessage(CookieStateEventIds.MigrationFirstImportNotRecorded, LogLevel.Warning, "Built-in session {SessionId} was imported, but the time of its first import could not be recorded: a copy of the old cookie that imports it again restarts its absolute timeout.", EventName = "MigrationFirstImportNotRecorded")]
    public static partial void FirstImportNotRecorded(ILogger logger, string sessionId, Exception exception);
}
