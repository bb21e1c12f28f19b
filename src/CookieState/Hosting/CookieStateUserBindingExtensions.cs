using CookieState;
using CookieState.Revocation;

namespace Microsoft.AspNetCore.Http;

/// <summary>Binds a session to a user so that <see cref="ICookieStateRevocation.RevokeUserAsync"/> can end it.</summary>
public static class CookieStateUserBindingExtensions
{
    /// <summary>
    /// Records <paramref name="userId"/> and the current time in the session, under the key
    /// <see cref="CookieStateDefaults.UserBindingKey"/>. Call it at sign-in, after <c>RegenerateId()</c>. With revocation on,
    /// a later <see cref="ICookieStateRevocation.RevokeUserAsync"/> for this user ends the session on its next request.
    /// </summary>
    /// <param name="session">The CookieState session.</param>
    /// <param name="userId">A stable user id (not a display name).</param>
    public static void BindUser(this ISession session, string userId)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var request = CookieStateSessionExtensions.RequestOf(session);
        session.Set(CookieStateDefaults.UserBindingKey, SessionUserBinding.Encode(userId, request.Now));
    }

    /// <summary>The user id the session was bound to with <see cref="BindUser"/>, or <see langword="null"/>.</summary>
    /// <param name="session">The session.</param>
    /// <returns>The bound user id, or <see langword="null"/>.</returns>
    public static string? GetBoundUserId(this ISession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.TryGetValue(CookieStateDefaults.UserBindingKey, out var value)
            && SessionUserBinding.TryDecode(value, out var userId, out _)
            ? userId
            : null;
    }
}
