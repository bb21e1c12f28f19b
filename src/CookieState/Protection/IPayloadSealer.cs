using CookieState.Serialization;

namespace CookieState.Protection;

/// <summary>
/// The seam for sealing: turns plaintext into cookie-safe text that is encrypted and authenticated, and back. Each format
/// (Data Protection, the data-key envelope, JOSE) is one implementation; the session, chunking and middleware code
/// never see which one is in use.
/// </summary>
internal interface IPayloadSealer
{
    /// <summary>The format this sealer writes and reads.</summary>
    CookieStateFormat Format { get; }

    /// <summary>Whether sealed text that fits one cookie may be the cookie value as it is, without a chunk header.</summary>
    bool AllowsBareCookie { get; }

    /// <summary>Whether <paramref name="sealedText"/> (or its first chunk) is in this format, by its first characters only.</summary>
    bool Recognizes(ReadOnlySpan<char> sealedText);

    /// <summary>An upper bound of the sealed length for <paramref name="plaintextLength"/> bytes; exact where the format allows.</summary>
    int GetSealedLength(int plaintextLength);

    /// <summary>Seals <paramref name="plaintext"/>, carrying <paramref name="refreshAfter"/> in clear where the format has room.</summary>
    PooledChars Seal(ReadOnlySpan<byte> plaintext, DateTimeOffset refreshAfter);

    /// <summary>Verifies and decrypts text made by <see cref="Seal"/>; never throws for bad input.</summary>
    PayloadOpenResult Open(ReadOnlySpan<char> sealedText);

    /// <summary>
    /// Reads the cleartext refresh hint from the start of the sealed text without opening it. The hint is untrusted: it only
    /// decides whether opening is worth it. Formats without a hint return <see langword="false"/>.
    /// </summary>
    bool TryReadRefreshAfter(ReadOnlySpan<char> sealedTextStart, out DateTimeOffset refreshAfter);

    /// <summary>
    /// The Data Protection key the sealed text depends on, read from its first characters without any cryptography, so that
    /// an unknown key can be looked up before the endpoint runs. <see langword="false"/> for formats that use no Data
    /// Protection key (JOSE), and for text too short or not shaped right (the real read then refuses it).
    /// </summary>
    bool TryPeekDataProtectionKeyId(ReadOnlySpan<char> sealedText, out Guid keyId)
    {
        keyId = default;
        return false;
    }

    /// <summary>
    /// Writes the chunk tag of <paramref name="sealedText"/> (<see cref="Cookies.ChunkHeader.TagLength"/> characters) bound to
    /// its content, so that chunks of different writes never join.
    /// </summary>
    void WriteContentTag(ReadOnlySpan<char> sealedText, Span<char> tag);
}
