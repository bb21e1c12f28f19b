namespace CookieState;

/// <summary>A snapshot of a session and its cookies, from <see cref="ICookieStateFeature.Inspect"/>.</summary>
public sealed class CookieStateInfo
{
    /// <summary>The session id.</summary>
    public required string SessionId { get; init; }

    /// <summary>Whether the session has not been written to the client yet.</summary>
    public required bool IsNew { get; init; }

    /// <summary>When the session started.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the cookies the request carried were issued, or when the new session started.</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>When the session expires if it is not used again.</summary>
    public required DateTimeOffset IdleExpiresAt { get; init; }

    /// <summary>When the session expires however it is used.</summary>
    public required DateTimeOffset AbsoluteExpiresAt { get; init; }

    /// <summary>The CookieState cookies the request carried.</summary>
    public required IReadOnlyList<CookieStateCookie> RequestCookies { get; init; }

    /// <summary>The cookies the current state takes, sealed now.</summary>
    public required IReadOnlyList<CookieStateCookie> CurrentCookies { get; init; }

    /// <summary>The characters <see cref="CurrentCookies"/> take in the <c>Cookie</c> request header.</summary>
    public required int CurrentSize { get; init; }

    /// <summary>The configured budget, <see cref="CookieStateOptions.MaxCookieSize"/>.</summary>
    public required int MaxCookieSize { get; init; }

    /// <summary>The id of the Data Protection key that sealed the request's cookies, when known.</summary>
    public string? KeyId { get; init; }

    /// <summary>Whether the request's cookies were sealed with a key that is no longer the default.</summary>
    public bool SealedWithOldKey { get; init; }

    /// <summary>Why the request's cookies were rejected, if they were.</summary>
    public CookieStateRejectionReason? Rejection { get; init; }

    /// <summary>Why the session the request carried had ended, if it had.</summary>
    public CookieStateEndReason? EndReason { get; init; }
}
