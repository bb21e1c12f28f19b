namespace CookieState.Diagnostics;

/// <summary>
/// Every log event id CookieState uses, in one place, so that the log definitions and the tests name the same numbers.
/// Ids are stable: 1–19 session lifecycle, 20–29 revocation, 30–39 unknown-key pickup, 40–49 data keys, 50–59 configuration,
/// 60–69 migration from the built-in session, 70–79 the revocation replica.
/// </summary>
internal static class CookieStateEventIds
{
    public const int SessionStarted = 1;
    public const int SessionLoaded = 2;
    public const int SessionCommitted = 3;
    public const int SessionRefreshed = 4;
    public const int SessionExpired = 5;
    public const int CookieRejected = 6;
    public const int SessionOverflow = 7;
    public const int SessionAbandoned = 8;
    public const int SessionIdRegenerated = 9;
    public const int RefreshSkipped = 10;
    public const int EventHandlerFailed = 11;
    public const int SealedWithOldKey = 12;
    public const int IdleTimeoutChanged = 13;
    public const int KeyRingUnavailable = 14;

    public const int SessionRevoked = 20;
    public const int SessionRevocationRecorded = 21;
    public const int UserSessionsRevoked = 22;
    public const int RevocationStoreFailed = 23;
    public const int RevocationRecordFailed = 24;
    public const int RevocationUnrecordable = 29;

    public const int UnknownKeyLookup = 30;
    public const int UnknownKeyPickedUp = 31;
    public const int UnknownKeyAbsent = 32;
    public const int UnknownKeyLookupThrottled = 33;
    public const int UnknownKeyReloadTimedOut = 34;
    public const int UnknownKeyLookupFailed = 35;
    public const int UnknownKeyPickupUnavailable = 36;

    public const int DataKeyCreated = 40;
    public const int DataKeyUnwrapped = 41;

    public const int RevocationCacheNotShared = 50;

    // 51 and 52 belong to the JOSE format's start-up log, in the CookieState.Jose package (JoseEventIds).

    // Migration from the built-in session (AddCookieStateMigration).
    public const int SessionMigrated = 60;
    public const int MigrationSessionNotFound = 61;
    public const int MigrationSessionTooLarge = 62;
    public const int MigrationCookieRejected = 63;
    public const int MigrationStoreFailed = 64;
    public const int MigrationEntryNotRemoved = 65;
    public const int MigrationCacheNotShared = 66;
    public const int MigrationSessionRefused = 67;
    public const int MigrationFirstImportNotRecorded = 68;

    // The revocation replica (AddCookieStateRevocation().UseRedis/UsePostgreSql).
    public const int RevocationReplicaLoaded = 70;
    public const int RevocationRecordQueued = 71;
    public const int RevocationLogReadFailed = 72;
    public const int RevocationLogHistoryLost = 73;
    public const int RevocationReplicaOverCapacity = 74;
    public const int RevocationRecordUnsent = 75;
    public const int RevocationFinalFlushFailed = 76;
    public const int RevocationCacheImported = 77;

    // Cookie tossing (issue 19): duplicates of our cookie names and the start-up check of the name.
    public const int AmbiguousSessionCookies = 80;
    public const int CookieNameWithoutPrefix = 81;

    // Remember-me sessions (issue 20): persistence allowed with no revocation registered.
    public const int PersistentSessionsWithoutRevocation = 82;
    public const int PersistenceChanged = 83;

    // Partitions (issue 20): a content set refused.
    public const int PartitionRejected = 90;
}
