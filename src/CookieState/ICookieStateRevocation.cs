namespace CookieState;

/// <summary>
/// Server-side revocation of stateless sessions, registered by <c>AddCookieStateRevocation()</c> and kept in the app's
/// <c>IDistributedCache</c>. A revoked session reads as empty on its next request, raises
/// <see cref="CookieStateEvents.OnSessionEnded"/> with <see cref="CookieStateEndReason.Revoked"/>, and has its cookies expired.
/// Only revocations are stored, never sessions, and only until the revoked sessions would have expired anyway.
/// </summary>
public interface ICookieStateRevocation
{
    /// <summary>
    /// Revokes one session, so that every copy of its cookies is refused until
    /// <see cref="CookieStateOptions.AbsoluteTimeout"/> from now, by which time they have expired anyway.
    /// </summary>
    /// <param name="sessionId">The session id, as <c>ISession.Id</c> gives it.</param>
    /// <param name="cancellationToken">Cancels the cache write.</param>
    /// <returns>A task that completes when the revocation is stored.</returns>
    Task RevokeAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Signs a user out everywhere: every session bound to <paramref name="userId"/> (with <c>ISession.BindUser</c>) at or
    /// before this moment is refused from now on. Sessions bound later are not affected.
    /// </summary>
    /// <param name="userId">The user id the sessions were bound to.</param>
    /// <param name="cancellationToken">Cancels the cache write.</param>
    /// <returns>A task that completes when the revocation is stored.</returns>
    Task RevokeUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Whether the session with this id has been revoked by id (user-wide revocations are not considered).</summary>
    /// <param name="sessionId">The session id, as <c>ISession.Id</c> gives it.</param>
    /// <param name="cancellationToken">Cancels the cache read.</param>
    /// <returns><see langword="true"/> when the id is revoked.</returns>
    Task<bool> IsRevokedAsync(string sessionId, CancellationToken cancellationToken = default);
}
