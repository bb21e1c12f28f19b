namespace CookieState.Serialization;

/// <summary>A session as a codec reads it back: its header and its entries.</summary>
/// <param name="Header">The authenticated header.</param>
/// <param name="Entries">The entries; keys are case-sensitive.</param>
internal sealed record SessionPayload(SessionHeader Header, Dictionary<string, byte[]> Entries);
