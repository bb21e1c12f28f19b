namespace CookieState.Protection.Envelope;

/// <summary>What a wrapped data key in a cookie turned out to be.</summary>
/// <param name="Key">The key, or <see langword="null"/> when it could not be had.</param>
/// <param name="WrappingKeyId">The Data Protection key that wrapped it, when the wrapped bytes name one.</param>
/// <param name="Failure">Why the key could not be had.</param>
/// <param name="IsCurrent">Whether it is the key this node seals with now.</param>
/// <param name="KeyRingUnavailable">Whether the key ring could not be read, so nothing could be decided.</param>
internal readonly record struct DataKeyLookup(
    DataKey? Key, Guid WrappingKeyId, CookieStateRejectionReason? Failure, bool IsCurrent, bool KeyRingUnavailable = false);
