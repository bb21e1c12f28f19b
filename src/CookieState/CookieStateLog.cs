using Microsoft.Extensions.Logging;

namespace CookieState;

/// <summary>Log messages with stable event ids. None of them carries a cookie value or session contents.</summary>
internal static partial class CookieStateLog
{
    [LoggerMessage(1, LogLevel.Information, "Session {SessionId} started.", EventName = "SessionStarted")]
    public static partial void SessionStarted(ILogger logger, string sessionId);

    [LoggerMessage(2, LogLevel.Debug, "Session {SessionId} loaded from {CookieCount} cookie(s), {Size} characters.", EventName = "SessionLoaded")]
    public static partial void SessionLoaded(ILogger logger, string sessionId, int cookieCount, int size);

    [LoggerMessage(3, LogLevel.Debug, "Session {SessionId} committed to {CookieCount} cookie(s), {Size} characters.", EventName = "SessionCommitted")]
    public static partial void SessionCommitted(ILogger logger, string sessionId, int cookieCount, int size);

    [LoggerMessage(4, LogLevel.Debug, "Session {SessionId} re-issued to slide its idle timeout.", EventName = "SessionRefreshed")]
    public static partial void SessionRefreshed(ILogger logger, string sessionId);

    [LoggerMessage(5, LogLevel.Information, "Session {SessionId} expired ({Reason}).", EventName = "SessionExpired")]
    public static partial void SessionExpired(ILogger logger, string sessionId, CookieStateEndReason reason);

    [LoggerMessage(6, LogLevel.Warning, "Session cookies rejected ({Reason}); starting an empty session. Key id: {KeyId}.", EventName = "CookieRejected")]
    public static partial void CookieRejected(ILogger logger, CookieStateRejectionReason reason, string? keyId);

    [LoggerMessage(7, LogLevel.Error, "Session {SessionId} does not fit its cookies: {Size} characters over a limit of {Limit}. Largest keys: {LargestKeys}.", EventName = "SessionOverflow")]
    public static partial void SessionOverflow(ILogger logger, string sessionId, int size, int limit, string largestKeys);

    [LoggerMessage(8, LogLevel.Information, "Session {SessionId} abandoned.", EventName = "SessionAbandoned")]
    public static partial void SessionAbandoned(ILogger logger, string sessionId);

    [LoggerMessage(9, LogLevel.Debug, "Session {SessionId} was given a new id {NewSessionId}.", EventName = "SessionIdRegenerated")]
    public static partial void SessionIdRegenerated(ILogger logger, string sessionId, string newSessionId);

    [LoggerMessage(10, LogLevel.Warning, "Session {SessionId} could not be re-issued because the response had already started.", EventName = "RefreshSkipped")]
    public static partial void RefreshSkipped(ILogger logger, string sessionId);

    [LoggerMessage(11, LogLevel.Error, "A CookieState event handler failed.", EventName = "EventHandlerFailed")]
    public static partial void EventHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(12, LogLevel.Debug, "Session was read from cookies sealed with key {KeyId}, which is no longer the default; it is re-sealed at its next write.", EventName = "SealedWithOldKey")]
    public static partial void SealedWithOldKey(ILogger logger, string? keyId);

    [LoggerMessage(20, LogLevel.Information, "Session {SessionId} was revoked on the server; it reads as empty and its cookies are expired.", EventName = "SessionRevoked")]
    public static partial void SessionRevoked(ILogger logger, string sessionId);

    [LoggerMessage(21, LogLevel.Information, "Session {SessionId} recorded as revoked until {ExpiresAt}.", EventName = "SessionRevocationRecorded")]
    public static partial void SessionRevocationRecorded(ILogger logger, string sessionId, DateTimeOffset expiresAt);

    [LoggerMessage(22, LogLevel.Information, "All sessions bound to a user were revoked.", EventName = "UserSessionsRevoked")]
    public static partial void UserSessionsRevoked(ILogger logger);
}
