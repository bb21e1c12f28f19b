namespace CookieState;

/// <summary>
/// Thrown at commit when the session state does not fit the configured cookie budget. The state is not written;
/// the previous cookie stays with the client.
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

    /// <summary>The size the state would take.</summary>
    public int TotalSize { get; }

    /// <summary>The limit that was exceeded.</summary>
    public int Limit { get; }

    /// <summary>The largest keys with their value sizes in bytes, largest first.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> LargestKeys { get; }
}
