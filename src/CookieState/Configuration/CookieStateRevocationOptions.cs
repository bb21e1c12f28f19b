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

    /// <summary>
    /// With a revocation replica (<c>AddCookieStateRevocation().UseRedis(…)</c> or <c>.UsePostgreSql(…)</c>): how soon a
    /// revocation recorded on one node is enforced on every node while the log answers. Each node reads the log at least
    /// every half of it, and at once on the log's notice. Default: 1 second.
    /// </summary>
    [TimeSpanRange(TimerLimit = true, ErrorMessage = "MaxPropagationDelay must be positive (and under 24 days).")]
    public TimeSpan MaxPropagationDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// With a revocation replica: how long a node keeps vouching for sessions after it last read the log through, during
    /// an outage of the log. Past it the node cannot know what it has not received, so sessions follow
    /// <see cref="FailureMode"/> and the health check reports Unhealthy. Must be at least <see cref="MaxPropagationDelay"/>.
    /// Default: 30 seconds.
    /// </summary>
    [TimeSpanRange(TimerLimit = true, ErrorMessage = "MaxStaleness must be positive (and under 24 days).")]
    public TimeSpan MaxStaleness { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// With a revocation replica: how many live revocations a node holds before it reports Unhealthy and sessions follow
    /// <see cref="FailureMode"/>. No live entry is ever evicted: clients decide how many there are (every abandoned session
    /// is one until its expiry), so the cap is an alarm, not a limit. About 42 bytes an entry (docs/security.md).
    /// Default: 1,000,000.
    /// </summary>
    [Range(1, int.MaxValue, ErrorMessage = "MaxEntries must be positive.")]
    public int MaxEntries { get; set; } = 1_000_000;
}
