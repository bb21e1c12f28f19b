namespace CookieState.Migration;

/// <summary>What became of a built-in session cookie in migration mode; the <c>outcome</c> tag of the migration metric.</summary>
internal enum MigrationOutcome
{
    /// <summary>The session was imported into CookieState cookies and the old cookie expired.</summary>
    Imported,

    /// <summary>The cache held no session (expired, or imported already) or one without keys; the old cookie was expired.</summary>
    Empty,

    /// <summary>The session does not fit the CookieState budget: nothing imported, the entry kept, the old cookie expired.</summary>
    Oversized,

    /// <summary>The cookie could not be unprotected: nothing imported, the cookie left as it is.</summary>
    Rejected,

    /// <summary>The cache failed or timed out: nothing imported, the cookie left for the next request to try again.</summary>
    Failed,

    /// <summary>
    /// The session was revoked (its id, which is its lineage, or its user): nothing imported, the old cookie expired and its
    /// cache entry removed.
    /// </summary>
    Revoked,

    /// <summary>
    /// A re-import found the session past its absolute timeout, counted from its first import: nothing imported, the old
    /// cookie expired and its cache entry removed.
    /// </summary>
    Expired,
}
