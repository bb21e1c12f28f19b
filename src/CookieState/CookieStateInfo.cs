namespace CookieState;

/// <summary>A snapshot of a session and its cookies, from <see cref="ICookieStateFeature.Inspect"/>.</summary>
public sealed class CookieStateInfo
{
    /// <summary>The session id.</summary>
    public required string SessionId { get; init; }

    /// <summary>
    /// The session's lineage id: made when the session starts, kept by <c>RegenerateId()</c>, ended by <c>Abandon()</c>;
    /// what revocation keys on (<see cref="ICookieStateRevocation.RevokeAsync"/>). The session id for cookies sealed
    /// before lineages (CookieState 0.2), or while <see cref="CookieStateOptions.WriteLegacyHeader"/> is on.
    /// </summary>
    public string LineageId { get; init; } = string.Empty;

    /// <summary>The user the session is bound to with <c>ISession.BindUser</c>, or <see langword="null"/>.</summary>
    public string? BoundUserId { get; init; }

    /// <summary>When the session was bound to <see cref="BoundUserId"/>, or <see langword="null"/>.</summary>
    public DateTimeOffset? BoundAt { get; init; }

    /// <summary>Whether the session has not been written to the client yet.</summary>
    public required bool IsNew { get; init; }

    /// <summary>When the session started.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the cookies the request carried were issued, or when the new session started.</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>The idle timeout in force for this session: its own (see <see cref="HasOwnIdleTimeout"/>) or the configured one.</summary>
    public TimeSpan IdleTimeout { get; init; }

    /// <summary>Whether the session was given its own idle timeout with <c>ISession.SetIdleTimeout</c>.</summary>
    public bool HasOwnIdleTimeout { get; init; }

    /// <summary>
    /// When the session's cookie expires if it is not used again: its issue time plus
    /// <c>IdleTimeout × (1 + RefreshThreshold)</c>, at least <see cref="IdleTimeout"/> after the last request.
    /// </summary>
    public required DateTimeOffset IdleExpiresAt { get; init; }

    /// <summary>When the session expires however it is used.</summary>
    public required DateTimeOffset AbsoluteExpiresAt { get; init; }

    /// <summary>
    /// When the session was made persistent with <c>ISession.SetPersistent</c> ("remember me"; its cookies then carry an
    /// expiry, and <see cref="AbsoluteExpiresAt"/> counts <c>MaxPersistentLifetime</c> from here), or <see langword="null"/>
    /// for a browser-session session (also when persistence has been turned off since).
    /// </summary>
    public DateTimeOffset? PersistentSince { get; init; }

    /// <summary>The CookieState cookies the request carried.</summary>
    public required IReadOnlyList<CookieStateCookie> RequestCookies { get; init; }

    /// <summary>The cookies the current state takes, sealed now.</summary>
    public required IReadOnlyList<CookieStateCookie> CurrentCookies { get; init; }

    /// <summary>The characters <see cref="CurrentCookies"/> take in the <c>Cookie</c> request header.</summary>
    public required int CurrentSize { get; init; }

    /// <summary>The configured budget, <see cref="CookieStateOptions.MaxCookieSize"/>.</summary>
    public required int MaxCookieSize { get; init; }

    /// <summary>The format the request's cookies were sealed in, when they were read.</summary>
    public CookieStateFormat? Format { get; init; }

    /// <summary>The format new cookies are sealed in (<see cref="CookieStateOptions.Format"/>).</summary>
    public CookieStateFormat WriteFormat { get; init; }

    /// <summary>Whether the session is usable in this request (see <see cref="CookieStateRevocationFailureMode.FailClosed"/>).</summary>
    public bool IsAvailable { get; init; } = true;

    /// <summary>
    /// The id of the key that sealed the request's cookies, when known: the Data Protection key (of the cookie, or of its
    /// envelope data key), or the JOSE <c>kid</c>.
    /// </summary>
    public string? KeyId { get; init; }

    /// <summary>Whether the request's cookies were sealed with a key new cookies are no longer sealed with.</summary>
    public bool SealedWithOldKey { get; init; }

    /// <summary>Why the request's cookies were rejected, if they were.</summary>
    public CookieStateRejectionReason? Rejection { get; init; }

    /// <summary>Why the session the request carried had ended, if it had.</summary>
    public CookieStateEndReason? EndReason { get; init; }
}
