using CookieState.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CookieState.Redis;

/// <summary>Logs of the import from the distributed cache, category <see cref="CookieStateDiagnostics.RevocationLogCategory"/>.</summary>
internal static partial class RedisImportLog
{
    [LoggerMessage(CookieStateEventIds.RevocationCacheImported, LogLevel.Information, "Imported {Imported} revocations from the distributed cache into the log ({Scanned} keys scanned under {Pattern}; {Skipped} expired, unreadable or already imported).", EventName = "RevocationCacheImported")]
    public static partial void Imported(ILogger logger, int imported, int scanned, string pattern, int skipped);
}
