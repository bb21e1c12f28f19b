using Microsoft.Extensions.Logging;

namespace CookieState.Diagnostics;

/// <summary>
/// Session lifecycle logs, category <see cref="CookieStateDiagnostics.SessionLogCategory"/>. None of them carries a cookie
/// value or session contents: ids, sizes, reasons and key names only.
/// </summary>
internal static partial class CookieStateLog
{
    [LoggerMessage(CookieStateEventIds.SessionStarted, LogLevel.Information, "Session {SessionId} started.", EventName = "SessionStarted")]
    public static partial void SessionStarted(ILogger logger, string sessionId);

    [LoggerMessage(CookieStateEventIds.SessionLoaded, LogLevel.Debug, "Session {SessionId} loaded from {CookieCount} cookie(s), {Size} characters.", EventName = "SessionLoaded")]
    public static partial void SessionLoaded(ILogger logger, string sessionId, int cookieCount, int size);

    [LoggerMessage(CookieStateEventIds.SessionCommitted, LogLevel.Debug, "Session {SessionId} committed to {CookieCount} cookie(s), {Size} characters.", EventName = "SessionCommitted")]
    public static partial void SessionCommitted(ILogger logger, string sessionId, int cookieCount, int size);

    [LoggerMessage(CookieStateEventIds.SessionRefreshed, LogLevel.Debug, "Session {SessionId} re-issued to slide its idle timeout.", EventName = "SessionRefreshed")]
    public static partial void SessionRefreshed(ILogger logger, string sessionId);

    [LoggerMessage(CookieStateEventIds.SessionExpired, LogLevel.Information, "Session {SessionId} expired ({Reason}).", EventName = "SessionExpired")]
    public static partial void SessionExpired(ILogger logger, string sessionId, CookieStateEndReason reason);

    [LoggerMessage(CookieStateEventIds.CookieRejected, LogLevel.Warning, "Session cookies rejected ({Reason}); starting an empty session. Key id: {KeyId}. Rejections for this reason not logged since the last line: {Suppressed}.", EventName = "CookieRejected")]
    public static partial void CookieRejected(ILogger logger, CookieStateRejectionReason reason, string? keyId, long suppressed);

    [LoggerMessage(CookieStateEventIds.SessionOverflow, LogLevel.Error, "Session {SessionId} does not fit its cookies ({Limit} limit): {Size} over a limit of {Maximum}. Largest keys: {LargestKeys}.", EventName = "SessionOverflow")]
    public static partial void SessionOverflow(ILogger logger, string sessionId, CookieStateLimit limit, int size, int maximum, string largestKeys);

    [LoggerMessage(CookieStateEventIds.SessionAbandoned, LogLevel.Information, "Session {SessionId} abandoned.", EventName = "SessionAbandoned")]
    public static partial void SessionAbandoned(ILogger logger, string sessionId);

    [LoggerMessage(CookieStateEventIds.SessionIdRegenerated, LogLevel.Debug, "Session {SessionId} was given a new id {NewSessionId}.", EventName = "SessionIdRegenerated")]
    public static partial void SessionIdRegenerated(ILogger logger, string sessionId, string newSessionId);

    [LoggerMessage(CookieStateEventIds.RefreshSkipped, LogLevel.Warning, "Session {SessionId} could not be re-issued to slide its idle timeout: {Reason}.", EventName = "RefreshSkipped")]
    public static partial void RefreshSkipped(ILogger logger, string sessionId, string reason);

    [LoggerMessage(CookieStateEventIds.EventHandlerFailed, LogLevel.Error, "A CookieState event handler failed.", EventName = "EventHandlerFailed")]
    public static partial void EventHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(CookieStateEventIds.SealedWithOldKey, LogLevel.Debug, "Session was read from cookies sealed with key {KeyId}, which is no longer the one new cookies are sealed with; it is re-sealed at its next write.", EventName = "SealedWithOldKey")]
    public static partial void SealedWithOldKey(ILogger logger, string? keyId);

    [LoggerMessage(CookieStateEventIds.IdleTimeoutChanged, LogLevel.Debug, "Session {SessionId} was given its own idle timeout of {IdleTimeout}.", EventName = "IdleTimeoutChanged")]
    public static partial void IdleTimeoutChanged(ILogger logger, string sessionId, TimeSpan idleTimeout);

    [LoggerMessage(CookieStateEventIds.PersistenceChanged, LogLevel.Debug, "Session {SessionId} was made persistent for {Lifetime} (none: a browser-session session again).", EventName = "PersistenceChanged")]
    public static partial void PersistenceChanged(ILogger logger, string sessionId, TimeSpan? lifetime);

    [LoggerMessage(CookieStateEventIds.KeyRingUnavailable, LogLevel.Error, "The Data Protection key ring could not be read (key id {KeyId}); the session is unavailable for this request and its cookies are left as they are. Requests like it not logged since the last line: {Suppressed}.", EventName = "KeyRingUnavailable")]
    public static partial void KeyRingUnavailable(ILogger logger, string? keyId, long suppressed);

    [LoggerMessage(CookieStateEventIds.AmbiguousSessionCookies, LogLevel.Warning, "The request carried {Candidates} sets of session cookies under the same names and more than one is a valid session (a cookie planted by another site?); the session is unavailable for this request and no cookie is deleted. Requests like it not logged since the last line: {Suppressed}.", EventName = "AmbiguousSessionCookies")]
    public static partial void AmbiguousSessionCookies(ILogger logger, int candidates, long suppressed);

    [LoggerMessage(CookieStateEventIds.PartitionRejected, LogLevel.Warning, "The cookie set of partition '{Partition}' was rejected ({Reason}); it reads as empty and is expired. Key id: {KeyId}. Requests like it not logged since the last line: {Suppressed}.", EventName = "PartitionRejected")]
    public static partial void PartitionRejected(ILogger logger, string partition, CookieStateRejectionReason reason, string? keyId, long suppressed);
}
