namespace CookieState;

/// <summary>What the request's cookies yielded.</summary>
/// <param name="State">The session read back, or <see langword="null"/> for none, rejected or expired.</param>
/// <param name="Rejection">Why the cookies were rejected, if they were.</param>
/// <param name="EndReason">Why the session read back had already ended, if it had.</param>
/// <param name="EndedSessionId">The id of the session that had ended.</param>
/// <param name="Chunks">The cookies the request carried.</param>
/// <param name="KeyId">The id of the key that sealed the cookies, when known.</param>
/// <param name="SealedWithOldKey">Whether they were sealed with a key that is no longer the default.</param>
internal readonly record struct SessionLoadResult(
    SessionState? State,
    CookieStateRejectionReason? Rejection,
    CookieStateEndReason? EndReason,
    string? EndedSessionId,
    ChunkReadResult Chunks,
    string? KeyId,
    bool SealedWithOldKey);
