namespace CookieState.LoadClient;

/// <summary>A command line the client cannot act on; the message says which option and why.</summary>
internal sealed class UsageException(string message) : Exception(message);
