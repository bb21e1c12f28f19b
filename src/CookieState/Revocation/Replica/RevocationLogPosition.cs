namespace CookieState.Revocation.Replica;

/// <summary>
/// Where a record sits in a revocation log, ordered by <see cref="Major"/> then <see cref="Minor"/> (a Redis stream id is
/// milliseconds and sequence; a PostgreSQL row is its transaction id and row id). Only the log gives positions meaning;
/// the replica compares them to resume reading and to notice a log whose head went backwards.
/// </summary>
internal readonly record struct RevocationLogPosition(long Major, long Minor) : IComparable<RevocationLogPosition>
{
    /// <summary>Before every record: a replica that has applied nothing reads from here.</summary>
    public static RevocationLogPosition Start => default;

    public int CompareTo(RevocationLogPosition other)
    {
        var major = Major.CompareTo(other.Major);
        return major != 0 ? major : Minor.CompareTo(other.Minor);
    }

    public static bool operator <(RevocationLogPosition left, RevocationLogPosition right) => left.CompareTo(right) < 0;

    public static bool operator >(RevocationLogPosition left, RevocationLogPosition right) => left.CompareTo(right) > 0;

    public static bool operator <=(RevocationLogPosition left, RevocationLogPosition right) => left.CompareTo(right) <= 0;

    public static bool operator >=(RevocationLogPosition left, RevocationLogPosition right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Major}-{Minor}");
}
