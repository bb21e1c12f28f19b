using CookieState;

namespace Microsoft.AspNetCore.Http;

/// <summary>Binds a session to a user so that <see cref="ICookieStateRevocation.RevokeUserAsync"/> can end it.</summary>
public static class CookieStateUserBindingExtensions
{
    /// <summary>
    /// Binds the session to <paramref name="userId"/> as of now. The binding is sealed in the cookie's header, not kept as an
    /// entry: <c>Set</c>, <c>Remove</c> and <c>Clear</c> cannot drop it, and the key
    /// <see cref="CookieStateDefaults.UserBindingKey"/> that earlier versions used is reserved. Call it at sign-in, after
    /// <c>RegenerateId()</c>; calling it again re-binds. With revocation on, a later
    /// <see cref="ICookieStateRevocation.RevokeUserAsync"/> for this user ends the session on its next request;
    /// <c>Abandon()</c> ends the binding with the session.
    /// </summary>
    /// <param name="session">The CookieState session.</param>
    /// <param name="userId">A stable user id (not a display name).</param>
    public static void BindUser(this ISession session, string userId)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        CookieStateSessionExtensions.RequestOf(session).BindUser(userId);
    }

    /// <summary>
    /// The user id the session was bound to with <see cref="BindUser"/> (or, for a cookie sealed by an earlier version, under
    /// the entry it used then), or <see langword="null"/>.
    /// </summary>
    /// <param name="session">The CookieState session.</param>
    /// <returns>The bound user id, or <see langword="null"/>.</returns>
    public static string? GetBoundUserId(this ISession session) => CookieStateSessionExtensions.RequestOf(session).BoundUser?.UserId;
}
