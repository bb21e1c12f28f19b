namespace CookieState;

/// <summary>
/// Server-side revocation of stateless sessions. <c>AddCookieStateRevocation()</c> registers an implementation over the
/// app's <c>IDistributedCache</c>; register your own (before or instead) to keep revocations elsewhere. With one
/// registered, every request that carries a session cookie asks <see cref="IsRevokedAsync"/> (and, for a session bound
/// with <c>BindUser</c>, <see cref="IsUserRevokedAsync"/>) before the endpoint runs, and <c>Abandon()</c> calls
/// <see cref="RevokeAsync"/>. Revocation by id keys on the session's <b>lineage id</b>: a random id sealed in the cookie
/// when the session starts, kept by <c>RegenerateId()</c> and ended by <c>Abandon()</c>, so that revoking it refuses
/// copies of the cookies taken under any earlier session id of the same session. For cookies sealed before lineages
/// (CookieState 0.2, header version 3 or 1) the lineage id is the session id; a session imported from the built-in
/// session has its old id as lineage. <see cref="CookieStateInfo.LineageId"/> shows it. A revoked session reads as empty, raises <see cref="CookieStateEvents.OnSessionEnded"/> with
/// <see cref="CookieStateEndReason.Revoked"/>, and has its cookies expired. A store failure is handled by
/// <see cref="CookieStateRevocationOptions.FailureMode"/>.
/// </summary>
public interface ICookieStateRevocation
{
    /// <summary>
    /// Revokes one session lineage, so that every copy of its cookies, under any session id the lineage had, is refused
    /// until <see cref="CookieStateOptions.AbsoluteTimeout"/> from now, by which time they have expired anyway.
    /// </summary>
    /// <param name="lineageId">
    /// The session's lineage id (<see cref="CookieStateInfo.LineageId"/>), a UUID string; not <c>ISession.Id</c>, which
    /// changes at every <c>RegenerateId()</c>.
    /// </param>
    /// <param name="cancellationToken">Cancels the store write.</param>
    /// <returns>A task that completes when the revocation is stored.</returns>
    Task RevokeAsync(string lineageId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Signs a user out everywhere: every session bound to <paramref name="userId"/> (with <c>ISession.BindUser</c>) at or
    /// before this moment is refused from now on. Sessions bound later are not affected. The binding and its time are
    /// sealed in the cookie's header, where no <c>Set</c>, <c>Remove</c> or <c>Clear</c> reaches them.
    /// </summary>
    /// <param name="userId">The user id the sessions were bound to.</param>
    /// <param name="cancellationToken">Cancels the store write.</param>
    /// <returns>A task that completes when the revocation is stored.</returns>
    Task RevokeUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Whether the session lineage with this id has been revoked with <see cref="RevokeAsync"/>.</summary>
    /// <param name="lineageId">The lineage id sealed in the cookie (<see cref="CookieStateInfo.LineageId"/>), a UUID string.</param>
    /// <param name="cancellationToken">Cancels the store read.</param>
    /// <returns><see langword="true"/> when the lineage is revoked.</returns>
    Task<bool> IsRevokedAsync(string lineageId, CancellationToken cancellationToken = default);

    /// <summary>Whether a session bound to <paramref name="userId"/> at <paramref name="boundAt"/> was revoked with <see cref="RevokeUserAsync"/>.</summary>
    /// <param name="userId">The user id the session was bound to.</param>
    /// <param name="boundAt">When it was bound; a revocation at or after this time ends it.</param>
    /// <param name="cancellationToken">Cancels the store read.</param>
    /// <returns><see langword="true"/> when the user's sessions bound by then are revoked.</returns>
    Task<bool> IsUserRevokedAsync(string userId, DateTimeOffset boundAt, CancellationToken cancellationToken = default);
}
