namespace CookieState.Serialization;

/// <summary>
/// Turns a session (header and entries) into the plaintext that is sealed, and back. Lengths are exact, so that the size
/// of a state is known after every change without serializing it.
/// </summary>
internal interface IStateCodec
{
    /// <summary>The bytes one entry adds to the plaintext.</summary>
    int GetEntrySize(string key, int valueLength);

    /// <summary>The plaintext length of a state with this header and <paramref name="count"/> entries of these sizes.</summary>
    int GetLength(in SessionHeader header, int count, int entriesSize);

    /// <summary>Writes the state into <paramref name="destination"/>, which is exactly <see cref="GetLength"/> long.</summary>
    void Write(in SessionHeader header, Dictionary<string, byte[]> entries, int entriesSize, Span<byte> destination);

    /// <summary>Reads a state back; anything else throws <see cref="SessionStateFormatException"/>.</summary>
    SessionPayload Read(ReadOnlySpan<byte> plaintext);
}
