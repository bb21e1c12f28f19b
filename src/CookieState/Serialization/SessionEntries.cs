using System.Diagnostics.CodeAnalysis;

namespace CookieState.Serialization;

/// <summary>
/// A session's entries, with their exact encoded size and what they were before the first change of the request, so
/// that a value set back to what it was, or a removal of a missing key, is no change and writes no cookie.
/// </summary>
internal sealed class SessionEntries
{
    private readonly Dictionary<string, byte[]> _values;
    private readonly EntrySizeTracker _size;

    // For each key touched since the last commit: its value then, or null when it did not exist.
    private Dictionary<string, byte[]?>? _originals;

    public SessionEntries(Dictionary<string, byte[]> values, IStateCodec codec)
    {
        _values = values;
        _size = new EntrySizeTracker(codec, values);
    }

    public static SessionEntries Empty(IStateCodec codec) => new(new Dictionary<string, byte[]>(StringComparer.Ordinal), codec);

    /// <summary>The entries, for the codec to write. Not to be changed but through this type.</summary>
    public Dictionary<string, byte[]> Values => _values;

    public int Count => _values.Count;

    /// <summary>The bytes the entries take in the plaintext, exactly.</summary>
    public int Size => _size.Total;

    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>Whether an entry differs from what it was at the last commit (or load).</summary>
    public bool HasChanges
    {
        get
        {
            if (_originals is null)
            {
                return false;
            }

            foreach (var (key, original) in _originals)
            {
                var exists = _values.TryGetValue(key, out var current);
                if (exists != (original is not null) || (exists && !current.AsSpan().SequenceEqual(original)))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The keys whose entry differs from what it was at the last commit (or load).</summary>
    public IEnumerable<string> ChangedKeys()
    {
        if (_originals is null)
        {
            yield break;
        }

        foreach (var (key, original) in _originals)
        {
            var exists = _values.TryGetValue(key, out var current);
            if (exists != (original is not null) || (exists && !current.AsSpan().SequenceEqual(original)))
            {
                yield return key;
            }
        }
    }

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public bool TryGetValue(string key, [NotNullWhen(true)] out byte[]? value) => _values.TryGetValue(key, out value);

    /// <summary>Adds an entry read from the client's cookies after the load (a partition opened on first use): no change.</summary>
    public void Merge(string key, byte[] value)
    {
        if (_values.TryGetValue(key, out var previous))
        {
            _size.Replaced(key, previous.Length, value.Length);
        }
        else
        {
            _size.Added(key, value.Length);
        }

        _values[key] = value;
    }

    /// <summary>Stores <paramref name="value"/> (owned from now on) and returns what it replaced, for <see cref="Restore"/>.</summary>
    public byte[]? Set(string key, byte[] value)
    {
        var existed = _values.TryGetValue(key, out var previous);
        Remember(key, previous);
        _values[key] = value;
        if (existed)
        {
            _size.Replaced(key, previous!.Length, value.Length);
        }
        else
        {
            _size.Added(key, value.Length);
        }

        return previous;
    }

    /// <summary>Undoes a <see cref="Set"/> that must not stand (it broke a limit).</summary>
    public void Restore(string key, byte[]? previous)
    {
        if (previous is null)
        {
            Remove(key);
        }
        else
        {
            Set(key, previous);
        }
    }

    public bool Remove(string key)
    {
        if (!_values.Remove(key, out var previous))
        {
            return false;
        }

        Remember(key, previous);
        _size.Removed(key, previous.Length);
        return true;
    }

    public bool Clear()
    {
        if (_values.Count == 0)
        {
            return false;
        }

        foreach (var (key, value) in _values)
        {
            Remember(key, value);
        }

        _values.Clear();
        _size.Cleared();
        return true;
    }

    /// <summary>What the client holds now is what is here: later comparisons start from it.</summary>
    public void AcceptChanges() => _originals = null;

    private void Remember(string key, byte[]? value)
    {
        _originals ??= new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        _originals.TryAdd(key, value);
    }
}
