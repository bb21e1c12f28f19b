namespace CookieState;

/// <summary>
/// Thrown by <c>ISession.Set</c> when the change would make the state exceed the cookie budget or the key count, so the app
/// sees it at the line that added too much; the change is not applied. Commit checks the real sealed size again and throws
/// it too, writing nothing: the previous cookie stays with the client, nothing is silently dropped.
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
    /// <param name="totalSize">The size the cookies would take.</param>
    /// <param name="limit">The configured budget or limit that was exceeded.</param>
    /// <param name="largestKeys">The largest keys and their value sizes in bytes, largest first.</param>
    /// <param name="message">The message.</param>
    public CookieStateOverflowException(int totalSize, int limit, IReadOnlyList<KeyValuePair<string, int>> largestKeys, string message)
        : base(message)
    {
        TotalSize = totalSize;
        Limit = limit;
        LargestKeys = largestKeys;
    }

    /// <summary>
    /// The size the state would take, in characters of the <c>Cookie</c> header (at <c>Set</c> an upper bound that may
    /// exceed the real size by a few dozen characters); for a key-count overflow, the number of keys.
    /// </summary>
    public int TotalSize { get; }

    /// <summary>The limit that was exceeded: <c>MaxCookieSize</c>, or <c>MaxKeyCount</c> for a key-count overflow.</summary>
    public int Limit { get; }

    /// <summary>The largest keys with their value sizes in bytes, largest first.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> LargestKeys { get; }
}
