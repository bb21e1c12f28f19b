namespace CookieState.Sample.Models;

/// <summary>One key of the session as the inspector shows it.</summary>
/// <param name="Key">The key.</param>
/// <param name="Size">The value's size in bytes.</param>
/// <param name="Preview">The value as text when it is short readable UTF-8, else <see langword="null"/>.</param>
internal sealed record SessionEntry(string Key, int Size, string? Preview);
