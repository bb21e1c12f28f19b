namespace CookieState;

/// <summary>
/// Thrown by <c>ISession.Set</c> when the change would make the state exceed the cookie budget, the chunk count or the key
/// count, so the app sees it at the line that added too much; the change is not applied. Commit checks the real sealed
/// size again and throws it too, writing nothing: the previous cookie stays with the client, nothing is silently dropped.
/// </summary>
public sealed class CookieStateOverflowException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public CookieStateOverflowException(string message)
        : base(message)
    {
        LargestKeys = [];
    }

    /// <summary>Creates the exception with the measured sizes.</summary>
    /// <param name="limitKind">Which limit was exceeded.</param>
    /// <param name="totalSize">The size the cookies would take, or the number of keys or cookies.</param>
    /// <param name="limit">The configured limit that was exceeded.</param>
    /// <param name="largestKeys">The largest keys and their value sizes in bytes, largest first.</param>
    /// <param name="message">The message.</param>
    public CookieStateOverflowException(
        CookieStateLimit limitKind, int totalSize, int limit, IReadOnlyList<KeyValuePair<string, int>> largestKeys, string message)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(largestKeys);
        LimitKind = limitKind;
        TotalSize = totalSize;
        Limit = limit;
        LargestKeys = largestKeys;
    }

    /// <summary>Which limit was exceeded; <see langword="null"/> when created from a message alone.</summary>
    public CookieStateLimit? LimitKind { get; }

    /// <summary>
    /// The size the state would take, in characters of the <c>Cookie</c> header (at <c>Set</c> an upper bound that is exact
    /// for the envelope format); for <see cref="CookieStateLimit.KeyCount"/> the number of keys, for
    /// <see cref="CookieStateLimit.ChunkCount"/> the number of cookies.
    /// </summary>
    public int TotalSize { get; }

    /// <summary>The configured limit that was exceeded.</summary>
    public int Limit { get; }

    /// <summary>The largest keys with their value sizes in bytes, largest first.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> LargestKeys { get; }
}
