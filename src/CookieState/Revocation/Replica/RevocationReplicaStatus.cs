namespace CookieState.Revocation.Replica;

/// <summary>Whether a replica can answer for every revocation, and if not, why.</summary>
internal enum RevocationReplicaStatus
{
    /// <summary>The live set has not been read from the log yet.</summary>
    Loading,

    /// <summary>Caught up with the log within <see cref="CookieStateRevocationOptions.MaxStaleness"/>.</summary>
    Ready,

    /// <summary>The log has not been read through for longer than <see cref="CookieStateRevocationOptions.MaxStaleness"/>.</summary>
    Stale,

    /// <summary>More entries than <see cref="CookieStateRevocationOptions.MaxEntries"/>; none is evicted.</summary>
    OverCapacity,
}
