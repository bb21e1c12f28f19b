namespace CookieState.Revocation.Replica;

/// <summary>
/// What one read of the log returned. The log promises that every record after the position read from and up to
/// <see cref="Next"/> is in <see cref="Records"/>, in position order, and that no record at or below <see cref="Next"/>
/// appears later (PostgreSQL reads only below the oldest running transaction for that reason).
/// </summary>
/// <param name="Records">The records after the position read from, oldest first.</param>
/// <param name="Next">Where the next read resumes: the last record's position, or the position read from.</param>
/// <param name="HasMore">Whether the read stopped at its batch size with more records waiting.</param>
/// <param name="Epoch">Names the log's history; it changes when the engine lost it (an epoch key written beside the log).</param>
/// <param name="Head">The newest position the log holds, when it knows; below a replica's position means history was lost.</param>
/// <param name="EngineNow">The engine's clock at the read, so the replica can tell which records expired.</param>
internal sealed record RevocationLogRead(
    IReadOnlyList<RevocationRecord> Records,
    RevocationLogPosition Next,
    bool HasMore,
    string Epoch,
    RevocationLogPosition? Head,
    DateTimeOffset EngineNow);
