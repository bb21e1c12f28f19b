using System.Diagnostics.CodeAnalysis;
using System.Text;
using CookieState.Format;
using Microsoft.AspNetCore.Http;

namespace CookieState.Session;

/// <summary>
/// The <see cref="ISession"/> of one request: a dictionary of byte values with case-sensitive keys, loaded on first use.
/// It validates keys and values and refuses a change that breaks a limit at the <c>Set</c> that made it; loading,
/// lifetime and cookies belong to its <see cref="ISessionHost"/>.
/// </summary>
internal sealed class CookieSession : ISession
{
    private readonly ISessionHost _host;
    private readonly int _maxKeyLength;

    public CookieSession(ISessionHost host, int maxKeyLength)
    {
        _host = host;
        _maxKeyLength = maxKeyLength;
    }

    /// <summary>The request this session lives in, for the lifecycle extensions (<c>Abandon</c>, <c>RegenerateId</c>, …).</summary>
    internal ISessionHost Host => _host;

    public bool IsAvailable => _host.IsAvailable;

    public string Id => _host.Id;

    public IEnumerable<string> Keys => _host.Load().Keys;

    public bool TryGetValue(string key, [NotNullWhen(true)] out byte[]? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _host.Load().TryGetValue(key, out value);
    }

    public void Set(string key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        int keyLength;
        try
        {
            keyLength = StrictUtf8.Encoding.GetByteCount(key);
        }
        catch (EncoderFallbackException)
        {
            // A lone surrogate would be written as U+FFFD: two such keys would become one, and the state unreadable.
            throw new ArgumentException("The key is not valid Unicode text (it holds a lone surrogate).", nameof(key));
        }

        if (key == BinaryStateCodec.LegacyIdleTimeoutKey)
        {
            throw new ArgumentException(
                $"'{BinaryStateCodec.LegacyIdleTimeoutKey}' is reserved: use ISession.SetIdleTimeout to give a session its own timeout.", nameof(key));
        }

        if (keyLength > _maxKeyLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(key), $"The key is {keyLength} UTF-8 bytes long; CookieStateOptions.MaxKeyLength allows {_maxKeyLength}.");
        }

        _host.EnsureCanChange();
        var entries = _host.Load();
        var previous = entries.Set(key, value.ToArray());
        try
        {
            // Refused here, where the app sees which Set broke the budget, rather than when the response starts.
            _host.EnsureFits(entries, key, value.Length);
        }
        catch
        {
            entries.Restore(key, previous);
            throw;
        }
    }

    public void Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var entries = _host.Load();
        if (entries.ContainsKey(key))
        {
            _host.EnsureCanChange();
            entries.Remove(key);
        }
    }

    public void Clear()
    {
        var entries = _host.Load();
        if (entries.Count > 0)
        {
            _host.EnsureCanChange();
            entries.Clear();
        }
    }

    public Task LoadAsync(CancellationToken cancellationToken = default) => _host.LoadAsync(cancellationToken);

    public Task CommitAsync(CancellationToken cancellationToken = default) => _host.CommitAsync(cancellationToken);
}
