using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace CookieState.KeyPickup;

/// <summary>
/// Wraps the registered <see cref="IKeyManager"/> (normally <see cref="XmlKeyManager"/>) so that its cache expiration token
/// can also be fired on demand. Data Protection's key ring provider takes its <see cref="IKeyManager"/> from DI and treats its
/// cached key ring as stale once the token it got from <see cref="GetCacheExpirationToken"/> is cancelled, so
/// <see cref="RequestReload"/> makes it re-read the key store at its next use.
/// </summary>
internal sealed class RefreshableKeyManager : IKeyManager, IDeletableKeyManager, IDisposable
{
    private readonly IKeyManager _inner;
    private readonly bool _ownsInner;
    private readonly Lock _lock = new();
    private CancellationTokenSource _reload = new();
    private CancellationTokenSource? _linked;
    private CancellationToken _linkedInnerToken;
    private CancellationTokenSource? _linkedReload;
    private TaskCompletionSource? _nextRead;

    public RefreshableKeyManager(IKeyManager inner, bool ownsInner)
    {
        _inner = inner;
        _ownsInner = ownsInner;
    }

    public IKeyManager Inner => _inner;

    public bool CanDeleteKeys => _inner is IDeletableKeyManager deletable && deletable.CanDeleteKeys;

    public IKey CreateNewKey(DateTimeOffset activationDate, DateTimeOffset expirationDate) => _inner.CreateNewKey(activationDate, expirationDate);

    public IReadOnlyCollection<IKey> GetAllKeys()
    {
        TaskCompletionSource? read;
        lock (_lock)
        {
            read = _nextRead;
            _nextRead = null;
        }

        try
        {
            return _inner.GetAllKeys();
        }
        finally
        {
            read?.TrySetResult();
        }
    }

    public void RevokeKey(Guid keyId, string? reason = null) => _inner.RevokeKey(keyId, reason);

    public void RevokeAllKeys(DateTimeOffset revocationDate, string? reason = null) => _inner.RevokeAllKeys(revocationDate, reason);

    public bool DeleteKeys(Func<IKey, bool> shouldDelete) =>
        _inner is IDeletableKeyManager deletable ? deletable.DeleteKeys(shouldDelete) : throw new NotSupportedException("The key manager cannot delete keys.");

    /// <summary>The inner manager's token, linked with one that <see cref="RequestReload"/> cancels.</summary>
    public CancellationToken GetCacheExpirationToken()
    {
        // Read the inner token first, as the IKeyManager contract asks of callers, so that a change made meanwhile is not missed.
        var innerToken = _inner.GetCacheExpirationToken();
        lock (_lock)
        {
            if (_linked is not null && _linkedInnerToken == innerToken && ReferenceEquals(_linkedReload, _reload))
            {
                return _linked.Token;
            }

            // A new link is only needed once one of its sources has fired, which has already cancelled the old link,
            // so disposing it cannot hide a later cancellation from a key ring that still holds its token.
            _linked?.Dispose();
            _linked = CancellationTokenSource.CreateLinkedTokenSource(innerToken, _reload.Token);
            _linkedInnerToken = innerToken;
            _linkedReload = _reload;
            return _linked.Token;
        }
    }

    /// <summary>
    /// Marks every key ring built from this manager as stale, so that the next use re-reads the key store. Returns a task that
    /// completes when the key store has next been read through this manager, which is what the key ring provider's rebuild
    /// does first; waiting on it (rather than spinning) lets the thread pool add the thread that rebuild runs on.
    /// </summary>
    public Task RequestReload()
    {
        var read = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationTokenSource fired;
        lock (_lock)
        {
            fired = _reload;
            _reload = new CancellationTokenSource();
            _nextRead?.TrySetResult();
            _nextRead = read;
        }

        fired.Cancel();
        fired.Dispose();
        return read.Task;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _linked?.Dispose();
            _reload.Dispose();
        }

        if (_ownsInner)
        {
            (_inner as IDisposable)?.Dispose();
        }
    }
}
