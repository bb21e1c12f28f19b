namespace CookieState.Sample.Models;

/// <summary>The friendly page shown when a change would not fit the cookie budget.</summary>
/// <param name="RequestedKilobytes">What the user tried to add.</param>
/// <param name="TotalSize">The size the cookies would have taken, in characters, or the key count for a key-count overflow.</param>
/// <param name="Limit">The budget that was exceeded.</param>
/// <param name="LargestKeys">The largest keys and their sizes in bytes.</param>
/// <param name="Message">The library's explanation.</param>
internal sealed record OverflowViewModel(
    int RequestedKilobytes, int TotalSize, int Limit, IReadOnlyList<KeyValuePair<string, int>> LargestKeys, string Message)
{
    /// <summary>Whether the size budget was hit; a key-count overflow names no keys.</summary>
    public bool IsSizeBudget => LargestKeys.Count > 0;
}
