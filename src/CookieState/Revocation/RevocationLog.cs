using CookieState.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CookieState.Revocation;

/// <summary>Logs of server-side revocation, category <see cref="CookieStateDiagnostics.RevocationLogCategory"/>.</summary>
internal static partial class RevocationLog
{
    [LoggerMessage(CookieStateEventIds.SessionRevoked, LogLevel.Information, "Session {SessionId} was revoked on the server; it reads as empty and its cookies are expired.", EventName = "SessionRevoked")]
    public static partial void SessionRevoked(ILogger logger, string sessionId);

    [LoggerMessage(CookieStateEventIds.SessionRevocationRecorded, LogLevel.Information, "Session {SessionId} recorded as revoked.", EventName = "SessionRevocationRecorded")]
    public static partial void SessionRevocationRecorded(ILogger logger, string sessionId);

    [LoggerMessage(CookieStateEventIds.UserSessionsRevoked, LogLevel.Information, "All sessions bound to a user were revoked.", EventName = "UserSessionsRevoked")]
    public static partial void UserSessionsRevoked(ILogger logger);

    [LoggerMessage(CookieStateEventIds.RevocationStoreFailed, LogLevel.Error, "The revocation store could not be checked for session {SessionId}; failing {Mode}.", EventName = "RevocationStoreFailed")]
    public static partial void RevocationStoreFailed(ILogger logger, string sessionId, CookieStateRevocationFailureMode mode, Exception exception);

    [LoggerMessage(CookieStateEventIds.RevocationRecordFailed, LogLevel.Error, "Session lineage {LineageId} could not be recorded as revoked; copies of its cookies stay valid until they expire.", EventName = "RevocationRecordFailed")]
    public static partial void RevocationRecordFailed(ILogger logger, string lineageId, Exception exception);

    [LoggerMessage(CookieStateEventIds.RevocationUnrecordable, LogLevel.Error, "A session was abandoned while its cookies could not be opened (the key ring is unavailable): its lineage is unknown, nothing was recorded as revoked, and copies of its cookies stay valid until they expire. The client's cookies were expired.", EventName = "RevocationUnrecordable")]
    public static partial void RevocationUnrecordable(ILogger logger);
}
