using Microsoft.Extensions.Logging;

namespace CookieState.PostgreSql;

/// <summary>
/// Log messages of the PostgreSQL key ring. Event ids are stable (7001-7099); never log key XML.
/// </summary>
internal static partial class PostgreSqlKeyRingLog
{
    [LoggerMessage(EventId = 7001, EventName = "KeyTableCreated", Level = LogLevel.Information,
        Message = "Created the Data Protection key table {Table} in database {Database} on {Host}:{Port}.")]
    public static partial void KeyTableCreated(ILogger logger, string table, string? database, string? host, int port);

    [LoggerMessage(EventId = 7002, EventName = "ElementsRead", Level = LogLevel.Debug,
        Message = "Read {Count} Data Protection element(s) from {Table}.")]
    public static partial void ElementsRead(ILogger logger, int count, string table);

    [LoggerMessage(EventId = 7003, EventName = "ElementStored", Level = LogLevel.Information,
        Message = "Stored Data Protection element {FriendlyName} in {Table}.")]
    public static partial void ElementStored(ILogger logger, string friendlyName, string table);

    [LoggerMessage(EventId = 7004, EventName = "DuplicateElementIgnored", Level = LogLevel.Warning,
        Message = "A Data Protection element named {FriendlyName} already exists in {Table}; the stored element was kept and the new one ignored.")]
    public static partial void DuplicateElementIgnored(ILogger logger, string friendlyName, string table);

    [LoggerMessage(EventId = 7005, EventName = "ElementDeleted", Level = LogLevel.Information,
        Message = "Deleted Data Protection element {FriendlyName} from {Table}.")]
    public static partial void ElementDeleted(ILogger logger, string friendlyName, string table);

    [LoggerMessage(EventId = 7006, EventName = "DeleteFailed", Level = LogLevel.Error,
        Message = "Deleting Data Protection elements from {Table} failed; no element was deleted.")]
    public static partial void DeleteFailed(ILogger logger, string table, Exception exception);

    [LoggerMessage(EventId = 7007, EventName = "KeyStoreUnavailable", Level = LogLevel.Error,
        Message = "The PostgreSQL Data Protection key store {Table} in database {Database} on {Host}:{Port} could not be used.")]
    public static partial void KeyStoreUnavailable(ILogger logger, string table, string? database, string? host, int port, Exception exception);

    [LoggerMessage(EventId = 7008, EventName = "StartupCheckSucceeded", Level = LogLevel.Information,
        Message = "The PostgreSQL Data Protection key store {Table} is reachable and holds {Count} element(s).")]
    public static partial void StartupCheckSucceeded(ILogger logger, string table, int count);

    [LoggerMessage(EventId = 7009, EventName = "StartupCheckSkipped", Level = LogLevel.Debug,
        Message = "Skipped the PostgreSQL key store startup check because the configured XML repository is {RepositoryType}.")]
    public static partial void StartupCheckSkipped(ILogger logger, string? repositoryType);
}
