using CookieState.Format;

namespace CookieState.Session;

/// <summary>What <see cref="CookieSession"/> needs from the request it lives in: loading, the checks a change must pass, commit.</summary>
internal interface ISessionHost
{
    /// <summary>Whether the session can be used in this request (false while the revocation store is down and failing closed).</summary>
    bool IsAvailable { get; }

    /// <summary>The session id, loading the session if needed.</summary>
    string Id { get; }

    /// <summary>The entries, loading them from the request's cookies on first use.</summary>
    SessionEntries Load();

    /// <summary>Throws when no change may be made now (the response has started, or the session is unavailable).</summary>
    void EnsureCanChange();

    /// <summary>Throws <see cref="CookieStateOverflowException"/> when the entries as they are now break a limit.</summary>
    void EnsureFits(SessionEntries entries, string changedKey, int changedLength);

    Task LoadAsync(CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);
}
