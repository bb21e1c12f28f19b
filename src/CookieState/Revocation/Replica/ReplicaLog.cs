using CookieState.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CookieState.Revocation.Replica;

/// <summary>Logs of the revocation replica, category <see cref="CookieStateDiagnostics.RevocationLogCategory"/>.</summary>
internal static partial class ReplicaLog
{
    [LoggerMessage(CookieStateEventIds.RevocationReplicaLoaded, LogLevel.Information, "The revocation replica loaded {Count} live revocations from the log.", EventName = "RevocationReplicaLoaded")]
    public static partial void Loaded(ILogger logger, int count);

    [LoggerMessage(CookieStateEventIds.RevocationRecordQueued, LogLevel.Warning, "A {Kind} revocation is enforced on this node but the log did not store it; it is retried until stored or expired.", EventName = "RevocationRecordQueued")]
    public static partial void RecordQueued(ILogger logger, RevocationKind kind, Exception exception);

    [LoggerMessage(CookieStateEventIds.RevocationLogReadFailed, LogLevel.Warning, "The revocation log could not be read; the replica keeps enforcing what it holds (stale for {Staleness}).", EventName = "RevocationLogReadFailed")]
    public static partial void ReadFailed(ILogger logger, TimeSpan staleness, Exception exception);

    [LoggerMessage(CookieStateEventIds.RevocationLogHistoryLost, LogLevel.Warning, "The revocation log lost its history (epoch {Previous} → {Current}); re-appending the {Count} live revocations this node holds.", EventName = "RevocationLogHistoryLost")]
    public static partial void HistoryLost(ILogger logger, string previous, string current, int count);

    [LoggerMessage(CookieStateEventIds.RevocationReplicaOverCapacity, LogLevel.Error, "The revocation replica holds {Count} entries, over MaxEntries ({MaxEntries}); sessions follow the failure mode until entries expire.", EventName = "RevocationReplicaOverCapacity")]
    public static partial void OverCapacity(ILogger logger, int count, int maxEntries);

    [LoggerMessage(CookieStateEventIds.RevocationRecordUnsent, LogLevel.Error, "A {Kind} revocation (key {Key}) was never stored in the log and is lost with this process; other nodes accept its cookies until {ExpiresAt}.", EventName = "RevocationRecordUnsent")]
    public static partial void RecordUnsent(ILogger logger, RevocationKind kind, string key, DateTimeOffset expiresAt);

    [LoggerMessage(CookieStateEventIds.RevocationFinalFlushFailed, LogLevel.Error, "The last flush of unsent revocations at shutdown failed.", EventName = "RevocationFinalFlushFailed")]
    public static partial void FinalFlushFailed(ILogger logger, Exception exception);
}
