namespace CookieState.Serialization;

/// <summary>
/// Keeps the exact number of bytes a codec spends on a session's entries as they change, so that the size of the state
/// is known after any sequence of changes without serializing it.
/// </summary>
internal sealed class EntrySizeTracker
{
    private readonly IStateCodec _codec;

    public EntrySizeTracker(IStateCodec codec, Dictionary<string, byte[]> entries)
    {
        _codec = codec;
        foreach (var (key, value) in entries)
        {
            Total += codec.GetEntrySize(key, value.Length);
        }
    }

    /// <summary>The bytes the entries take in the plaintext.</summary>
    public int Total { get; private set; }

    public void Added(string key, int valueLength) => Total += _codec.GetEntrySize(key, valueLength);

    public void Removed(string key, int valueLength) => Total -= _codec.GetEntrySize(key, valueLength);

    public void Replaced(string key, int oldValueLength, int newValueLength) =>
        Total += _codec.GetEntrySize(key, newValueLength) - _codec.GetEntrySize(key, oldValueLength);

    public void Cleared() => Total = 0;
}
