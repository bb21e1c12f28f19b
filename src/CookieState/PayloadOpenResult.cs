namespace CookieState;

/// <summary>The outcome of opening a sealed payload.</summary>
/// <param name="Plaintext">The state bytes, or <see langword="null"/> when <paramref name="Failure"/> is set.</param>
/// <param name="Failure">Why the payload was rejected, or <see langword="null"/> on success.</param>
/// <param name="KeyId">The id of the key that sealed it, when the format names one.</param>
/// <param name="SealedWithOldKey">Whether it was sealed with a key that is no longer the default.</param>
internal readonly record struct PayloadOpenResult(
    byte[]? Plaintext,
    CookieStateRejectionReason? Failure,
    string? KeyId,
    bool SealedWithOldKey)
{
    public static PayloadOpenResult Success(byte[] plaintext, string? keyId, bool sealedWithOldKey) =>
        new(plaintext, null, keyId, sealedWithOldKey);

    public static PayloadOpenResult Fail(CookieStateRejectionReason reason, string? keyId = null) =>
        new(null, reason, keyId, false);
}
