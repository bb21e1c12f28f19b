namespace CookieState.Revocation.Replica;

/// <summary>
/// The replica's memory: revoked lineage keys with their expiry, and user revocations with their time and expiry, all in
/// engine-clock unix milliseconds. Applying is idempotent and only ever lengthens an entry, so duplicate and out-of-order
/// deliveries converge. A plain dictionary of 16-byte keys under one lock costs about 36 bytes an entry plus slack, 42 measured (docs/security.md);
/// a concurrent dictionary's per-entry node object would double that. Reads take the lock for a few nanoseconds.
/// </summary>
internal sealed class RevocationTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<RevocationKey, long> _sessions = [];
    private readonly Dictionary<RevocationKey, UserRevocation> _users = [];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _sessions.Count + _users.Count;
            }
        }
    }

    /// <summary>Applies a record; false when it was already known with the same or a later expiry (and time).</summary>
    public bool Apply(RevocationRecord record)
    {
        var expiresAt = record.ExpiresAt.ToUnixTimeMilliseconds();
        lock (_lock)
        {
            if (record.Kind == RevocationKind.Session)
            {
                Grow(_sessions);
                ref var known = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_sessions, record.Key, out var exists);
                if (exists && known >= expiresAt)
                {
                    return false;
                }

                known = exists ? Math.Max(known, expiresAt) : expiresAt;
                return true;
            }

            var revokedAt = record.RevokedAt.ToUnixTimeMilliseconds();
            Grow(_users);
            ref var user = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_users, record.Key, out var userExists);
            if (userExists && user.RevokedAt >= revokedAt && user.ExpiresAt >= expiresAt)
            {
                return false;
            }

            // The later sign-out-everywhere refuses everything the earlier one did, so one entry per user holds both.
            user = userExists
                ? new UserRevocation(Math.Max(user.RevokedAt, revokedAt), Math.Max(user.ExpiresAt, expiresAt))
                : new UserRevocation(revokedAt, expiresAt);
            return true;
        }
    }

    public bool IsSessionRevoked(RevocationKey key, long nowMilliseconds)
    {
        lock (_lock)
        {
            return _sessions.TryGetValue(key, out var expiresAt) && expiresAt > nowMilliseconds;
        }
    }

    /// <summary>The user's latest revocation time still live, in engine unix milliseconds, or null.</summary>
    public long? UserRevokedAt(RevocationKey key, long nowMilliseconds)
    {
        lock (_lock)
        {
            return _users.TryGetValue(key, out var user) && user.ExpiresAt > nowMilliseconds ? user.RevokedAt : null;
        }
    }

    /// <summary>Forgets entries expired at <paramref name="nowMilliseconds"/>; returns how many.</summary>
    public int Trim(long nowMilliseconds)
    {
        var removed = 0;
        lock (_lock)
        {
            foreach (var (key, expiresAt) in _sessions)
            {
                if (expiresAt <= nowMilliseconds)
                {
                    _sessions.Remove(key);
                    removed++;
                }
            }

            foreach (var (key, user) in _users)
            {
                if (user.ExpiresAt <= nowMilliseconds)
                {
                    _users.Remove(key);
                    removed++;
                }
            }
        }

        return removed;
    }

    /// <summary>Every live entry as a record, for re-appending to a log that lost its history.</summary>
    public List<RevocationRecord> Live(long nowMilliseconds)
    {
        lock (_lock)
        {
            var live = new List<RevocationRecord>(_sessions.Count + _users.Count);
            foreach (var (key, expiresAt) in _sessions)
            {
                if (expiresAt > nowMilliseconds)
                {
                    // A lineage's revocation time plays no part in checks; its expiry is what must survive.
                    live.Add(new RevocationRecord(RevocationKind.Session, key, DateTimeOffset.FromUnixTimeMilliseconds(nowMilliseconds),
                        DateTimeOffset.FromUnixTimeMilliseconds(expiresAt)));
                }
            }

            foreach (var (key, user) in _users)
            {
                if (user.ExpiresAt > nowMilliseconds)
                {
                    live.Add(new RevocationRecord(RevocationKind.User, key, DateTimeOffset.FromUnixTimeMilliseconds(user.RevokedAt),
                        DateTimeOffset.FromUnixTimeMilliseconds(user.ExpiresAt)));
                }
            }

            return live;
        }
    }

    /// <summary>
    /// A full dictionary doubles, leaving up to half its slots empty; growing by a quarter before it fills keeps the slack,
    /// and so the bytes an entry, low (the memory bound is measured by a test).
    /// </summary>
    private static void Grow<TValue>(Dictionary<RevocationKey, TValue> table)
    {
        if (table.Count == table.Capacity)
        {
            table.EnsureCapacity(table.Count + Math.Max(16, table.Count / 4));
        }
    }

    private readonly record struct UserRevocation(long RevokedAt, long ExpiresAt);
}
