using CookieState.Cookies;
using CookieState.Format;

namespace CookieState.Store;

/// <summary>What a request's cookies yielded: a live session, nothing, a rejection, or a session that had ended.</summary>
/// <param name="Cookies">The CookieState cookies the request carried.</param>
/// <param name="Payload">The live session, or <see langword="null"/>.</param>
/// <param name="Rejection">Why the cookies were rejected, if they were.</param>
/// <param name="EndReason">Why the session they held had already ended, if it had.</param>
/// <param name="EndedSessionId">The id of that session.</param>
/// <param name="KeyId">The id of the key that sealed the cookies, when known.</param>
/// <param name="SealedWithOldKey">Whether they were sealed with a key new cookies are no longer sealed with.</param>
/// <param name="Format">The format they were sealed in.</param>
/// <param name="KeyRingUnavailable">The key ring could not be read: the session is unavailable for this request.</param>
internal sealed record SessionReadResult(
    SessionCookieSet Cookies,
    SessionPayload? Payload,
    CookieStateRejectionReason? Rejection = null,
    CookieStateEndReason? EndReason = null,
    string? EndedSessionId = null,
    string? KeyId = null,
    bool SealedWithOldKey = false,
    CookieStateFormat? Format = null,
    bool KeyRingUnavailable = false)
{
    /// <summary>
    /// Whether the client's cookies must survive this request: an unknown key may be picked up by the next request (a
    /// new key from another node while the lookup budget is spent), and a key ring that is down comes back.
    /// </summary>
    public bool KeepCookies => KeyRingUnavailable || Rejection == CookieStateRejectionReason.UnknownKey;
}
