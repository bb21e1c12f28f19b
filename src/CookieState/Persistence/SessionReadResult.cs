using CookieState.Protection;
using CookieState.Serialization;

namespace CookieState.Persistence;

/// <summary>What a request's cookies yielded: a live session, nothing, a rejection, a session that had ended, or no decision.</summary>
/// <param name="Outcome">Which of those it is.</param>
/// <param name="Cookies">The CookieState cookies the request carried.</param>
/// <param name="Payload">The live session, when accepted.</param>
/// <param name="Rejection">Why the cookies were rejected, when they were.</param>
/// <param name="EndReason">Why the session they held had ended, when it had.</param>
/// <param name="EndedSessionId">The id of that session.</param>
/// <param name="KeyId">The id of the key that sealed the cookies, when known.</param>
/// <param name="SealedWithOldKey">Whether they were sealed with a key new cookies are no longer sealed with.</param>
/// <param name="Format">The format they were sealed in.</param>
/// <param name="Content">What the content sets of a partitioned session held, when the request carried any.</param>
internal sealed record SessionReadResult(
    ReadOutcome Outcome,
    RequestCookies Cookies,
    SessionPayload? Payload = null,
    CookieStateRejectionReason? Rejection = null,
    CookieStateEndReason? EndReason = null,
    string? EndedSessionId = null,
    string? KeyId = null,
    bool SealedWithOldKey = false,
    CookieStateFormat? Format = null,
    ContentRead? Content = null)
{
    /// <summary>
    /// Whether the client's cookies must survive this request: an unknown key may be picked up by the next request (a
    /// new key from another node while the lookup budget is spent), and a key ring that is down comes back.
    /// </summary>
    public bool KeepCookies => Outcome == ReadOutcome.Unavailable || Rejection == CookieStateRejectionReason.UnknownKey;

    /// <summary>The same cookies, found revoked: the session they hold has ended.</summary>
    public SessionReadResult Revoked() =>
        this with { Outcome = ReadOutcome.Ended, Payload = null, EndReason = CookieStateEndReason.Revoked, EndedSessionId = Payload?.Header.FormatId() };
}
