namespace CookieState;

/// <summary>
/// The one seam for the sealed format: turns state bytes into cookie-safe text and back. Data Protection is the default;
/// another format (for example JOSE) plugs in here without touching the session, chunking or middleware code.
/// </summary>
internal interface ISessionPayloadProtector
{
    /// <summary>Encrypts and authenticates <paramref name="plaintext"/> into text made only of cookie-safe characters.</summary>
    string Seal(ReadOnlySpan<byte> plaintext);

    /// <summary>Verifies and decrypts text made by <see cref="Seal"/>; never throws for bad input.</summary>
    PayloadOpenResult Open(string sealedText);

    /// <summary>An upper bound of the length of <see cref="Seal"/>'s output for a plaintext of the given length.</summary>
    int GetMaxSealedLength(int plaintextLength);
}
