namespace CookieState;

/// <summary>
/// Thrown when the session is changed while it is unavailable for the request: the Data Protection key ring could not be
/// read, or the revocation store could not be checked
/// and <see cref="CookieStateRevocationOptions.FailureMode"/> is <see cref="CookieStateRevocationFailureMode.FailClosed"/>.
/// Nothing was changed; the client keeps its cookies, and the session works again once the store answers.
/// </summary>
public sealed class CookieStateUnavailableException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public CookieStateUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The store's failure.</param>
    public CookieStateUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
