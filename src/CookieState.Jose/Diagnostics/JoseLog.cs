using Microsoft.Extensions.Logging;

namespace CookieState.Jose.Diagnostics;

/// <summary>The JOSE format's start-up log, category <see cref="CookieStateDiagnostics.ConfigurationLogCategory"/>.</summary>
internal static partial class JoseLog
{
    [LoggerMessage(JoseEventIds.JoseSignedModeReadable, LogLevel.Warning, "The JOSE format is in Signed mode: session cookies are signed JWS tokens, not encrypted, so every session value is readable by the client (base64url is not encryption). Use Encrypted mode unless the session holds only what the user may see.", EventName = "JoseSignedModeReadable")]
    public static partial void JoseSignedModeReadable(ILogger logger);

    [LoggerMessage(JoseEventIds.JoseKeysLoaded, LogLevel.Information, "JOSE format ({Mode}): keys {KeyIds} open cookies; key {PrimaryKeyId} seals them.", EventName = "JoseKeysLoaded")]
    public static partial void JoseKeysLoaded(ILogger logger, CookieStateJoseMode mode, string keyIds, string? primaryKeyId);
}
