namespace CookieState.KeyPickup;

/// <summary>
/// A small, bounded memory of key ids found missing from the key store, each forgotten after a while. Not thread-safe:
/// its owner locks.
/// </summary>
internal sealed class UnknownKeyIdCache
{
    private readonly int _capacity;
    private readonly TimeSpan _lifetime;
    private readonly Dictionary<Guid, DateTimeOffset> _expiries = [];
    private readonly Queue<Guid> _order = new();

    public UnknownKeyIdCache(int capacity, TimeSpan lifetime)
    {
        _capacity = capacity;
        _lifetime = lifetime;
    }

    public int Count => _expiries.Count;

    public bool Contains(Guid keyId, DateTimeOffset now)
    {
        if (!_expiries.TryGetValue(keyId, out var expiry))
        {
            return false;
        }

        if (now < expiry)
        {
            return true;
        }

        _expiries.Remove(keyId);
        return false;
    }

    public void Add(Guid keyId, DateTimeOffset now)
    {
        if (_capacity == 0 || _lifetime == TimeSpan.Zero)
        {
            return;
        }

        if (!_expiries.ContainsKey(keyId))
        {
            // The queue may hold ids already removed on expiry; skip them so the bound counts live entries.
            while (_expiries.Count >= _capacity && _order.TryDequeue(out var oldest))
            {
                _expiries.Remove(oldest);
            }

            _order.Enqueue(keyId);
        }

        _expiries[keyId] = now + _lifetime;
        if (_order.Count > 2 * _capacity)
        {
            Compact();
        }
    }

    private void Compact()
    {
        var live = _order.Where(_expiries.ContainsKey).Distinct().ToArray();
        _order.Clear();
        foreach (var id in live)
        {
            _order.Enqueue(id);
        }
    }
}
