namespace CookieState.Serialization;

/// <summary>The decrypted state is not in the expected format, or breaks a configured limit.</summary>
internal sealed class SessionStateFormatException : Exception
{
    public SessionStateFormatException(CookieStateRejectionReason reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public CookieStateRejectionReason Reason { get; }

    public static SessionStateFormatException Malformed(string message) => new(CookieStateRejectionReason.Malformed, message);

    public static SessionStateFormatException Oversized(string message) => new(CookieStateRejectionReason.Oversized, message);
}
