using System.Collections.Concurrent;

namespace CookieState.Protection.Envelope;

/// <summary>
/// The data keys this node can open with, keyed by their wrapped bytes: bounded in count, and each forgotten after a
/// while, so that a revoked Data Protection key stops opening cookies within that time (the next unwrap fails), and at
/// the latest at the key's own expiry. Only keys that unwrapped successfully are ever stored.
/// </summary>
internal sealed class DataKeyCache
{
    private readonly ConcurrentDictionary<byte[], Entry> _entries = new(ByteSequenceComparer.Instance);
    private readonly ConcurrentDictionary<byte[], Entry>.AlternateLookup<ReadOnlySpan<byte>> _bySpan;
    private readonly int _capacity;
    private readonly TimeSpan _lifetime;

    public DataKeyCache(int capacity, TimeSpan lifetime)
    {
        _capacity = capacity;
        _lifetime = lifetime;
        _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int Count => _entries.Count;

    public bool TryGet(ReadOnlySpan<byte> wrapped, DateTimeOffset now, out DataKey key)
    {
        if (_bySpan.TryGetValue(wrapped, out var entry))
        {
            if (now < entry.ExpiresAt)
            {
                key = entry.Key;
                return true;
            }

            _bySpan.TryRemove(wrapped, out _);
        }

        key = null!;
        return false;
    }

    public void Add(DataKey key, DateTimeOffset now)
    {
        if (_capacity == 0)
        {
            return;
        }

        if (_entries.Count >= _capacity)
        {
            Evict(now);
        }

        // Never past the key's own expiry, however long the cache keeps keys: an expired key is refused by every path.
        var expiresAt = now + _lifetime;
        _entries[key.Wrapped] = new Entry(key, key.ExpiresAt < expiresAt ? key.ExpiresAt : expiresAt);
    }

    /// <summary>Drops expired entries, then, if still full, the half that expires soonest. Rare: only on a full cache.</summary>
    private void Evict(DateTimeOffset now)
    {
        foreach (var (wrapped, entry) in _entries)
        {
            if (entry.ExpiresAt <= now)
            {
                _entries.TryRemove(wrapped, out _);
            }
        }

        if (_entries.Count < _capacity)
        {
            return;
        }

        var oldest = _entries.OrderBy(e => e.Value.ExpiresAt).Take(Math.Max(1, _entries.Count / 2)).Select(e => e.Key).ToArray();
        foreach (var wrapped in oldest)
        {
            _entries.TryRemove(wrapped, out _);
        }
    }

    private readonly record struct Entry(DataKey Key, DateTimeOffset ExpiresAt);
}
