using CookieState.Format;

namespace CookieState.Protection;

/// <summary>The outcome of opening sealed text. Owns <see cref="Plaintext"/>: dispose it when done.</summary>
internal struct PayloadOpenResult : IDisposable
{
    private PooledBytes _plaintext;

    private PayloadOpenResult(PooledBytes plaintext, CookieStateRejectionReason? failure, string? keyId, bool sealedWithOldKey, bool keyRingUnavailable = false)
    {
        _plaintext = plaintext;
        Failure = failure;
        KeyId = keyId;
        SealedWithOldKey = sealedWithOldKey;
        KeyRingUnavailable = keyRingUnavailable;
    }

    /// <summary>The plaintext; empty when <see cref="Failure"/> is set.</summary>
    public readonly ReadOnlySpan<byte> Plaintext => _plaintext.Span;

    /// <summary>Why the text was rejected, or <see langword="null"/> on success.</summary>
    public CookieStateRejectionReason? Failure { get; }

    /// <summary>The id of the key that sealed it, when the format names one.</summary>
    public string? KeyId { get; }

    /// <summary>Whether it was sealed with a key that is no longer the one new cookies are sealed with.</summary>
    public bool SealedWithOldKey { get; }

    /// <summary>Whether the key ring could not be read, so nothing about the payload could be decided.</summary>
    public bool KeyRingUnavailable { get; }

    public static PayloadOpenResult Success(PooledBytes plaintext, string? keyId, bool sealedWithOldKey) =>
        new(plaintext, null, keyId, sealedWithOldKey);

    public static PayloadOpenResult Fail(CookieStateRejectionReason reason, string? keyId = null) =>
        new(default, reason, keyId, false);

    /// <summary>Neither opened nor rejected: the key ring is down. The session is unavailable and the cookies stay.</summary>
    public static PayloadOpenResult Unavailable(string? keyId) => new(default, CookieStateRejectionReason.UnknownKey, keyId, false, keyRingUnavailable: true);

    public void Dispose() => _plaintext.Dispose();
}
