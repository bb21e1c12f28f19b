using System.ComponentModel.DataAnnotations;
using CookieState.Configuration;

namespace CookieState;

/// <summary>Options of the revocation registered by <c>AddCookieStateRevocation()</c>.</summary>
public sealed class CookieStateRevocationOptions
{
    /// <summary>
    /// The prefix of the cache keys revocations are stored under; set one per application when several share a cache.
    /// Default: <c>CookieState:</c>.
    /// </summary>
    [Required(ErrorMessage = "KeyPrefix must be set.")]
    public string KeyPrefix { get; set; } = CookieStateDefaults.RevocationKeyPrefix;

    /// <summary>
    /// What a request does when the store throws or times out while a session is checked. Default:
    /// <see cref="CookieStateRevocationFailureMode.FailClosed"/>: an app that turns revocation on wants sign-out to be
    /// final, so an outage makes sessions unavailable (requests still succeed, sessions read empty and nobody is signed
    /// out) rather than letting revoked cookies back in. Choose <see cref="CookieStateRevocationFailureMode.FailOpen"/>
    /// when availability matters more. See docs/security.md.
    /// </summary>
    [EnumDataType(typeof(CookieStateRevocationFailureMode), ErrorMessage = "FailureMode must be a known value.")]
    public CookieStateRevocationFailureMode FailureMode { get; set; }

    /// <summary>
    /// How long one check or record may take before the store counts as failed. Records (from <c>Abandon()</c>) use this
    /// timeout rather than the request's abort token, so a client that disconnects cannot leave its session un-revoked.
    /// Default: 5 seconds.
    /// </summary>
    [TimeSpanRange(TimerLimit = true, ErrorMessage = "Timeout must be positive (and under 24 days).")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
