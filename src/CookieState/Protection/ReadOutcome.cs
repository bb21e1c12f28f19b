namespace CookieState.Protection;

/// <summary>
/// How reading session cookies ended, in one vocabulary for every step of the inbound path (the data key, the sealed text,
/// the session): a step says what it could decide, and <see cref="Unavailable"/> is an outcome of its own, never a
/// rejection reason that a reader must remember to look behind.
/// </summary>
internal enum ReadOutcome
{
    /// <summary>Nothing to read: the request carried no session cookie.</summary>
    None,

    /// <summary>Authentic, and for a session, live.</summary>
    Accepted,

    /// <summary>Refused for a <see cref="CookieStateRejectionReason"/>.</summary>
    Rejected,

    /// <summary>Authentic, but the session it holds had ended (<see cref="CookieStateEndReason"/>).</summary>
    Ended,

    /// <summary>Nothing could be decided (the key ring is down): the session is unavailable and the cookies stay.</summary>
    Unavailable,
}
