namespace CookieState.Protection.Envelope;

/// <summary>What a wrapped data key in a cookie turned out to be.</summary>
/// <param name="Outcome">Whether the key was had (<see cref="ReadOutcome.Accepted"/>), refused, or could not be decided.</param>
/// <param name="Key">The key, when accepted.</param>
/// <param name="WrappingKeyId">The Data Protection key that wrapped it, when the wrapped bytes name one.</param>
/// <param name="Rejection">Why the key was refused, when it was.</param>
/// <param name="IsCurrent">Whether it is the key this node seals with now.</param>
internal readonly record struct DataKeyLookup(
    ReadOutcome Outcome, DataKey? Key, Guid WrappingKeyId, CookieStateRejectionReason? Rejection = null, bool IsCurrent = false)
{
    public static DataKeyLookup Found(DataKey key, bool isCurrent) => new(ReadOutcome.Accepted, key, key.WrappingKeyId, IsCurrent: isCurrent);

    public static DataKeyLookup Refused(CookieStateRejectionReason reason, Guid wrappingKeyId) => new(ReadOutcome.Rejected, null, wrappingKeyId, reason);

    public static DataKeyLookup Undecided(Guid wrappingKeyId) => new(ReadOutcome.Unavailable, null, wrappingKeyId);
}
