namespace CookieState.HealthChecks;

/// <summary>How bad one finding of the health check is; mapped to a <c>HealthStatus</c> only at the end.</summary>
internal enum HealthSeverity
{
    /// <summary>Nothing to report.</summary>
    Healthy,

    /// <summary>Sessions work now, but something needs an operator: a key ring about to run out, a store that fails open.</summary>
    Degraded,

    /// <summary>Sessions fail now: no key to seal with, or every session unavailable while the revocation store is down.</summary>
    Failed,
}
