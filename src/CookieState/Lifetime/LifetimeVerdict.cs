namespace CookieState.Lifetime;

/// <summary>What the lifetime rules say about a session read back from its cookies.</summary>
internal enum LifetimeVerdict
{
    /// <summary>The session is live.</summary>
    Live,

    /// <summary>More than the effective idle timeout has passed since the cookie was sealed.</summary>
    IdleExpired,

    /// <summary>More than the absolute timeout has passed since the session started.</summary>
    AbsoluteExpired,

    /// <summary>The cookie claims to be sealed further in the future than clock skew explains: refused.</summary>
    IssuedInFuture,
}
