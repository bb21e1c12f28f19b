namespace CookieState.LoadClient;

/// <summary>How one request ended.</summary>
internal enum Outcome
{
    /// <summary>2xx with the body the session should produce.</summary>
    Ok,

    /// <summary>No response, a timeout or a non-2xx status.</summary>
    Failed,

    /// <summary>2xx but the wrong body: the session was lost, stale or mixed up with another.</summary>
    Mismatched,
}
