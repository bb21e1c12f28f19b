using System.ComponentModel.DataAnnotations;
using CookieState.Configuration;

namespace CookieState;

/// <summary>
/// Options for picking up a Data Protection key that another node of the farm created and that this node has not loaded yet.
/// </summary>
/// <remarks>
/// When a session cookie names a key the node's cached key ring lacks, CookieState reads the key store once, and if the key is
/// there, makes Data Protection reload its key ring and opens the cookie again. Lookups that find nothing happen at most once
/// per <see cref="MinLookupInterval"/> across the whole node. Key ids found missing are remembered (at most <see cref="MaxRememberedUnknownKeys"/>, for
/// <see cref="UnknownKeyMemory"/>) so that repeated garbage ids cost nothing. See <c>docs/keys.md</c>.
/// </remarks>
public sealed class CookieStateKeyPickupOptions
{
    /// <summary>Whether unknown keys are looked up in the key store at all. Default: <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The least time after a key store lookup that found nothing before the next lookup, for the whole node, measured with
    /// the registered <see cref="TimeProvider"/>. A lookup that finds its key costs no budget (the key is loaded and never
    /// looked up again), so real new keys always get through; forged key ids cost at most one store read per interval. A
    /// cookie that arrives while the budget is spent is rejected as <see cref="CookieStateRejectionReason.UnknownKey"/>.
    /// Default: 30 seconds.
    /// </summary>
    [TimeSpanRange(AllowZero = true, ErrorMessage = "MinLookupInterval must not be negative.")]
    public TimeSpan MinLookupInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a request waits for Data Protection to finish reloading its key ring once the key was found in the store
    /// (wall-clock time: the reload runs on the thread pool). Requests that meet the same unknown key meanwhile wait too.
    /// Default: 5 seconds.
    /// </summary>
    [TimeSpanRange(TimerLimit = true, ErrorMessage = "ReloadTimeout must be positive (and under 24 days).")]
    public TimeSpan ReloadTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a key id found missing from the store is answered from memory. Default: 10 minutes.</summary>
    [TimeSpanRange(AllowZero = true, ErrorMessage = "UnknownKeyMemory must not be negative.")]
    public TimeSpan UnknownKeyMemory { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The most key ids remembered as missing; the oldest is forgotten first. Default: 256.</summary>
    [Range(0, int.MaxValue, ErrorMessage = "MaxRememberedUnknownKeys must not be negative.")]
    public int MaxRememberedUnknownKeys { get; set; } = 256;
}
