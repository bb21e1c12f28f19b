namespace CookieState.Revocation.Replica;

/// <summary>
/// Why a replica cannot say a session is live: loading, stale or over its cap. The gate treats it as a store failure, so
/// <see cref="CookieStateRevocationOptions.FailureMode"/> decides, the failure is logged and counted.
/// </summary>
internal sealed class RevocationReplicaUnavailableException : Exception
{
    public RevocationReplicaUnavailableException(string message)
        : base(message)
    {
    }
}
