using CookieState.Configuration;

namespace CookieState;

/// <summary>
/// Options of the health check registered by <c>AddHealthChecks().AddCookieState()</c>, one set per registration name.
/// See docs/operations.md for what each result means.
/// </summary>
public sealed class CookieStateHealthCheckOptions
{
    /// <summary>
    /// How far ahead the Data Protection key ring must hold a usable key: the check reports
    /// <see cref="Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded"/> when the default key, and every
    /// successor that takes over from it, expire within this window from now. Data Protection creates a successor two to
    /// three days before the default key expires, so with automatic key generation a key ring that covers less than a day
    /// means rotation has failed (a read-only key store, say). Raise it when keys are rotated by hand with automatic
    /// generation off, to hear of a missed rotation earlier. Default: 1 day.
    /// </summary>
    [TimeSpanRange(AllowZero = true, ErrorMessage = "KeyExpirationWindow must not be negative.")]
    public TimeSpan KeyExpirationWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Whether the check asks the revocation store (<see cref="ICookieStateRevocation"/>) for one made-up session id, when
    /// revocation is on, within <see cref="CookieStateRevocationOptions.Timeout"/>. Turn it off for a liveness check that
    /// must not depend on a store the whole farm shares. Default: <see langword="true"/>.
    /// </summary>
    public bool CheckRevocationStore { get; set; } = true;

    /// <summary>
    /// Whether the health check's description quotes the message of a key store or revocation store exception. Such
    /// messages often name hosts, ports, paths or user names, and a health endpoint is often reachable by more people than
    /// the logs, so by default the description only says which store failed; the exception itself stays on the result,
    /// where the health check service logs it. Default: <see langword="false"/>.
    /// </summary>
    public bool IncludeErrorDetails { get; set; }
}
