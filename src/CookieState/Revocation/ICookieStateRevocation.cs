namespace CookieState;

/// <summary>
/// Server-side revocation of stateless sessions. <c>AddCookieStateRevocation()</c> registers an implementation over the
/// app's <c>IDistributedCache</c>; register your own (before or instead) to keep revocations elsewhere. With one
/// registered, every request that carries a session cookie asks <see cref="IsRevokedAsync"/> (and, for a session bound
/// with <c>BindUser</c>, <see cref="IsUserRevokedAsync"/>) before the endpoint runs, and <c>Abandon()</c> calls
/// <see cref="RevokeAsync"/>. A revoked session reads as empty, raises <see cref="CookieStateEvents.OnSessionEnded"/> with
/// <see cref="CookieStateEndReason.Revoked"/>, and has its cookies expired. A store failure is handled by
/// <see cref="CookieStateRevocationOptions.FailureMode"/>.
/// </summary>
public interface ICookieStateRevocation
{
    /// <summary>
    /// Revokes one session, so that every copy of its cookies is refused until <see cref="CookieStateOptions.AbsoluteTimeout"/>
    /// from now, by which time they have expired anyway.
    /// </summary>
    /// <param name="sessionId">The session id, as <c>ISession.Id</c> gives it.</param>
    /// <param name="cancellationToken">Cancels the store write.</param>
    /// <returns>A task that completes when the revocation is stored.</returns>
    Task RevokeAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Signs a user out everywhere: every session bound to <paramref name="userId"/> (with <c>ISession.BindUser</c>) at or
    /// before this moment is refused from now on. Sessions bound later are not affected.
    /// </summary>
    /// <param name="userId">The user id the sessions were bound to.</param>
    /// <param name="cancellationToken">Cancels the store write.</param>
    /// <returns>A task that completes when the revocation is stored.</returns>
    Task RevokeUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Whether the session with this id has been revoked by id.</summary>
    /// <param name="sessionId">The session id, as <c>ISession.Id</c> gives it.</param>
    /// <param name="cancellationToken">Cancels the store read.</param>
    /// <returns><see langword="true"/> when the id is revoked.</returns>
    Task<bool> IsRevokedAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Whether a session bound to <paramref name="userId"/> at <paramref name="boundAt"/> was revoked with <see cref="RevokeUserAsync"/>.</summary>
    /// <param name="userId">The user id the session was bound to.</param>
    /// <param name="boundAt">When it was bound; a revocation at or after this time ends it.</param>
    /// <param name="cancellationToken">Cancels the store read.</param>
    /// <returns><see langword="true"/> when the user's sessions bound by then are revoked.</returns>
    Task<bool> IsUserRevokedAsync(string userId, DateTimeOffset boundAt, CancellationToken cancellationToken = default);
}
