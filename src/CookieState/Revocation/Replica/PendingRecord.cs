namespace CookieState.Revocation.Replica;

/// <summary>
/// A revocation applied locally but not yet stored in the log: recorded during an outage, or re-appended after the log
/// lost its history. It lives only in this node's memory until stored or expired.
/// </summary>
internal sealed class PendingRecord
{
    public PendingRecord(RevocationAppend append, DateTimeOffset expiresAt)
    {
        Append = append;
        ExpiresAt = expiresAt;
    }

    public RevocationAppend Append { get; }

    /// <summary>When storing it stops mattering: no cookie it refuses is valid after it (engine time, estimated).</summary>
    public DateTimeOffset ExpiresAt { get; }

    public int Attempts { get; set; }
}
