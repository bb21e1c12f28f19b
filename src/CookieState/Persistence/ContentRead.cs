namespace CookieState.Persistence;

/// <summary>
/// Where the entries of a session came from when the request carried content sets (partitions): which keys each set held,
/// which set each key was taken from when two held it (the newer seal), and which sets were refused. The session decides
/// from it, with this node's <see cref="PartitionLayout"/>, which sets a commit must rewrite or expire.
/// </summary>
internal sealed class ContentRead
{
    public ContentRead(Guid sessionId, DateTimeOffset mainSealedAt)
    {
        SessionId = sessionId;
        MainSealedAt = mainSealedAt;
    }

    /// <summary>The id every content set must be sealed to: the main set's.</summary>
    public Guid SessionId { get; }

    /// <summary>When the main set was sealed.</summary>
    public DateTimeOffset MainSealedAt { get; }

    /// <summary>When each opened content set was sealed.</summary>
    public Dictionary<string, DateTimeOffset> SealedAt { get; } = new(StringComparer.Ordinal);

    /// <summary>The sets of configured partitions not opened yet: opened when a key of theirs is first used.</summary>
    public List<ContentSetCookies> Pending { get; } = [];

    /// <summary>The keys the main set held (the whole session in the one-set layout; none in a lifetime set).</summary>
    public List<string> MainKeys { get; } = [];

    /// <summary>The keys each accepted content set held, by set name.</summary>
    public Dictionary<string, List<string>> SetKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>The set each key's value was taken from; a key absent here came from the main set.</summary>
    public Dictionary<string, string> Origins { get; } = new(StringComparer.Ordinal);

    /// <summary>The content sets refused (sealed to another session or partition, tampered), with why.</summary>
    public List<(string Set, CookieStateRejectionReason Reason)> Rejected { get; } = [];

    /// <summary>Whether a key is held by a set other than the one its value was taken from: a copy to drop.</summary>
    public bool HasShadowedCopies { get; set; }
}
