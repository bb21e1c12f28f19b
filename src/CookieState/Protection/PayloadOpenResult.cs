using CookieState.Serialization;

namespace CookieState.Protection;

/// <summary>The outcome of opening sealed text. Owns <see cref="Plaintext"/>: dispose it when done.</summary>
internal struct PayloadOpenResult : IDisposable
{
    private PooledBytes _plaintext;

    private PayloadOpenResult(ReadOutcome outcome, PooledBytes plaintext, CookieStateRejectionReason? rejection, string? keyId, bool sealedWithOldKey)
    {
        Outcome = outcome;
        _plaintext = plaintext;
        Rejection = rejection;
        KeyId = keyId;
        SealedWithOldKey = sealedWithOldKey;
    }

    /// <summary><see cref="ReadOutcome.Accepted"/>, <see cref="ReadOutcome.Rejected"/> or <see cref="ReadOutcome.Unavailable"/>.</summary>
    public ReadOutcome Outcome { get; }

    /// <summary>The plaintext; empty unless accepted.</summary>
    public readonly ReadOnlySpan<byte> Plaintext => _plaintext.Span;

    /// <summary>Why the text was rejected, when it was.</summary>
    public CookieStateRejectionReason? Rejection { get; }

    /// <summary>The id of the key that sealed it, when the format names one.</summary>
    public string? KeyId { get; }

    /// <summary>Whether it was sealed with a key that is no longer the one new cookies are sealed with.</summary>
    public bool SealedWithOldKey { get; }

    public static PayloadOpenResult Success(PooledBytes plaintext, string? keyId, bool sealedWithOldKey) =>
        new(ReadOutcome.Accepted, plaintext, null, keyId, sealedWithOldKey);

    public static PayloadOpenResult Fail(CookieStateRejectionReason reason, string? keyId = null) =>
        new(ReadOutcome.Rejected, default, reason, keyId, false);

    /// <summary>Neither opened nor rejected: the key ring is down.</summary>
    public static PayloadOpenResult Unavailable(string? keyId) => new(ReadOutcome.Unavailable, default, null, keyId, false);

    public void Dispose() => _plaintext.Dispose();
}
