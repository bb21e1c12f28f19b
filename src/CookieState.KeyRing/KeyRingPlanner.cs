using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace CookieState.KeyRing;

/// <summary>Decides which keys the ring lacks, with Data Protection's own schedule.</summary>
internal static class KeyRingPlanner
{
    /// <summary>
    /// Data Protection makes a successor once the default key expires within its refresh period (24 hours) plus its
    /// propagation window (2 days), so every node has loaded it before it activates. Both values are internal to
    /// Data Protection (KeyManagementOptions.KeyRingRefreshPeriod and KeyPropagationWindow); these are their values.
    /// </summary>
    public static readonly TimeSpan SuccessorLeadTime = TimeSpan.FromHours(24) + TimeSpan.FromDays(2);

    /// <summary>The key in use now: not revoked, activated, not expired; the latest activated if several.</summary>
    public static IKey? FindCurrent(IEnumerable<IKey> keys, DateTimeOffset now) =>
        keys.Where(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now)
            .OrderByDescending(k => k.ActivationDate)
            .FirstOrDefault();

    /// <summary>Creates a key active now if none is, and its successor if the current one expires soon; returns what it created.</summary>
    public static IReadOnlyList<IKey> EnsureKeys(IKeyManager keyManager, DateTimeOffset now, TimeSpan lifetime)
    {
        var created = new List<IKey>();
        var keys = keyManager.GetAllKeys();
        var current = FindCurrent(keys, now);
        if (current is null)
        {
            current = keyManager.CreateNewKey(activationDate: now, expirationDate: now + lifetime);
            created.Add(current);
        }

        var expiry = current.ExpirationDate;
        var hasSuccessor = keys.Any(k => !k.IsRevoked && k.KeyId != current.KeyId && k.ActivationDate <= expiry && k.ExpirationDate > expiry);
        if (expiry < now + SuccessorLeadTime && !hasSuccessor)
        {
            created.Add(keyManager.CreateNewKey(activationDate: expiry, expirationDate: now + lifetime));
        }

        return created;
    }
}
