using Microsoft.AspNetCore.Http;

namespace CookieState;

/// <summary>The context of <see cref="CookieStateEvents.OnRejected"/>. It never carries the cookie value.</summary>
public sealed class CookieStateRejectedContext : CookieStateEventContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="httpContext">The current request.</param>
    /// <param name="options">The CookieState options in force.</param>
    /// <param name="reason">Why the cookies were rejected.</param>
    public CookieStateRejectedContext(HttpContext httpContext, CookieStateOptions options, CookieStateRejectionReason reason)
        : base(httpContext, options)
    {
        Reason = reason;
    }

    /// <summary>Why the cookies were rejected.</summary>
    public CookieStateRejectionReason Reason { get; }

    /// <summary>
    /// The partition whose cookie set was rejected (<see cref="CookieStateOptions.Partitions"/>): its name, <c>"-"</c> for the
    /// set of keys in no partition, or <see langword="null"/> (the default) for the session's main cookie set.
    /// </summary>
    public string? Partition { get; init; }
}
