using System.ComponentModel.DataAnnotations;
using CookieState.Configuration;

namespace CookieState;

/// <summary>
/// Settings of the <see cref="CookieStateFormat.Envelope"/> format: how long a node seals with one data key, and how long
/// it keeps the data keys of other nodes it has unwrapped. See docs/security.md for the key hierarchy.
/// </summary>
public sealed class CookieStateEnvelopeOptions
{
    /// <summary>
    /// How long this node seals with one data key before it makes a new one. A stolen data key exposes the sessions sealed
    /// under it, so shorter is safer; each new key costs one Data Protection operation here and one on every other node
    /// that meets it. Default: 1 hour.
    /// </summary>
    [TimeSpanRange(ErrorMessage = "Envelope.DataKeyLifetime must be positive.")]
    public TimeSpan DataKeyLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How many payloads this node seals with one data key before it makes a new one, far below the 2^32 that AES-GCM
    /// allows per key. Default: 1,000,000.
    /// </summary>
    [Range(1d, 4294967296d, ErrorMessage = "Envelope.DataKeyMaxSeals must lie within 1..2^32, the AES-GCM bound per key.")]
    public long DataKeyMaxSeals { get; set; } = 1_000_000;

    /// <summary>
    /// How long an unwrapped data key is kept in memory. This bounds how long a revoked Data Protection key still opens
    /// cookies on a node that had already unwrapped a data key with it. Default: 5 minutes.
    /// </summary>
    [TimeSpanRange(ErrorMessage = "Envelope.DataKeyCacheLifetime must be positive.")]
    public TimeSpan DataKeyCacheLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most unwrapped data keys a node keeps. Default: 1024.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Envelope.DataKeyCacheSize must be at least 1.")]
    public int DataKeyCacheSize { get; set; } = 1024;

    /// <summary>
    /// Whether data keys wrapped by version 1 of the wrapped-key layout (CookieState 0.2 and earlier: a bare key, no
    /// creation time, so no expiry) are still read. Such a key opens cookies until its Data Protection key is revoked;
    /// turn this off once every node writes version 2 and the cookies of the last version 1 keys have expired (see
    /// docs/farm.md, "Rolling out 0.3 cookies"). Default: <see langword="true"/>.
    /// </summary>
    public bool ReadV1DataKeys { get; set; } = true;

    /// <summary>
    /// The wrapped-key layout this node writes: 2 seals the data key's creation time with it, so every node refuses the
    /// key once no cookie sealed under it can still be live; 1 writes what CookieState 0.2 nodes read, for the first
    /// phase of a rolling deploy (see docs/farm.md, "Rolling out 0.3 cookies"). Version 1 needs
    /// <see cref="ReadV1DataKeys"/>. Default: 2.
    /// </summary>
    [Range(1, 2, ErrorMessage = "Envelope.WriteDataKeyVersion must be 1 or 2.")]
    public int WriteDataKeyVersion { get; set; } = 2;
}
