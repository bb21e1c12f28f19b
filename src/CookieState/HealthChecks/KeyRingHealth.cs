using CookieState.KeyPickup;
using CookieState.Protection.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.KeyManagement.Internal;
using Microsoft.Extensions.DependencyInjection;
using static System.FormattableString;

namespace CookieState.HealthChecks;

/// <summary>
/// The key ring half of the health check: is there a usable default key now, and does the ring hold usable keys for the
/// configured window? The default key comes from Data Protection's cached key ring (no store read). Expiration dates and
/// successors are not in that ring's public surface, so they come from the key manager's key list, which is a store read;
/// that list is cached and read again only when it can have changed (Data Protection rebuilt its ring, or this node wrote
/// a key), or, at most once per <see cref="StoreRecheckInterval"/>, when it gives a reason to worry (a short ring, a
/// default key it lacks, a failed read). A healthy node therefore reads the store about once a day, with its ring.
/// </summary>
internal sealed class KeyRingHealth
{
    /// <summary>The least time between two store reads made only to re-check a worrying key list or to retry a failed read.</summary>
    internal static readonly TimeSpan StoreRecheckInterval = TimeSpan.FromMinutes(1);

    private readonly DataProtectionKeyRing? _cookieStateKeyRing;
    private readonly IKeyRingProvider? _keyRingProvider;
    private readonly IKeyManager? _keyManager;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();

    private IKeyRing? _readForRing;
    private CancellationToken _keysChanged;
    private IReadOnlyCollection<IKey>? _keys;
    private Exception? _readError;
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    public KeyRingHealth(IServiceProvider services)
    {
        // Resolved leniently: a health check registered without AddCookieState reports that instead of failing to build.
        _cookieStateKeyRing = services.GetService<DataProtectionKeyRing>();
        _keyRingProvider = services.GetService<IKeyRingProvider>();

        // The pickup's decorator completes its pending reload when the store is read through it; read around it so that a
        // probe cannot pass for the key ring rebuild the pickup waits on.
        var keyManager = services.GetService<IKeyManager>();
        _keyManager = keyManager is RefreshableKeyManager refreshable ? refreshable.Inner : keyManager;
        _timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
    }

    /// <summary>Reads from Data Protection's cached ring, and from the key store only when needed (see the type's remarks).</summary>
    public void Check(TimeSpan window, HealthFindings findings)
    {
        if (_cookieStateKeyRing is null || _keyRingProvider is null || _keyManager is null)
        {
            findings.Report(HealthSeverity.Failed, "CookieState is not registered: call services.AddCookieState().");
            return;
        }

        if (!_cookieStateKeyRing.CanAnswer)
        {
            // An ephemeral or custom IDataProtectionProvider keeps its keys elsewhere; nothing here can vouch for them.
            findings.Data["keyRing"] = "not inspected: the IDataProtectionProvider is not key-ring based";
            return;
        }

        Guid defaultKeyId;
        IKeyRing ring;
        try
        {
            ring = _keyRingProvider.GetCurrentKeyRing();
            defaultKeyId = ring.DefaultKeyId;
            var encryptor = ring.GetAuthenticatedEncryptorByKeyId(defaultKeyId, out var revoked);
            if (revoked || encryptor is null)
            {
                findings.Data["defaultKeyId"] = defaultKeyId;
                findings.Report(HealthSeverity.Failed, revoked
                    ? Invariant($"The default key {defaultKeyId} is revoked: cookies this node seals are refused.")
                    : Invariant($"The default key {defaultKeyId} cannot encrypt: its descriptor could not be read."));
                return;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            findings.Report(HealthSeverity.Failed, $"The Data Protection key ring cannot be loaded, so no cookie can be sealed or opened{findings.Detail(ex)}.", ex);
            return;
        }

        findings.Data["defaultKeyId"] = defaultKeyId;
        var now = _timeProvider.GetUtcNow();
        IReadOnlyCollection<IKey>? keys;
        Exception? readError;
        lock (_lock)
        {
            RefreshKeyList(ring, defaultKeyId, now, window);
            keys = _keys;
            readError = _readError;
        }

        if (readError is not null)
        {
            findings.Report(
                HealthSeverity.Degraded,
                $"The key store could not be read{findings.Detail(readError)}: the node works from its cached key ring, but cannot rotate keys or pick up keys made on other nodes.",
                readError);
        }

        if (keys is not null)
        {
            Assess(keys, defaultKeyId, now, window, findings);
        }
    }

    private static void Assess(IReadOnlyCollection<IKey> keys, Guid defaultKeyId, DateTimeOffset now, TimeSpan window, HealthFindings findings)
    {
        var defaultKey = keys.FirstOrDefault(key => key.KeyId == defaultKeyId);
        if (defaultKey is null)
        {
            findings.Report(HealthSeverity.Degraded, Invariant(
                $"The default key {defaultKeyId} is not in the key store: nodes that load the store cannot open the cookies this node seals (a different store or application name, or a deleted key ring)."));
            return;
        }

        findings.Data["defaultKeyExpiresAt"] = defaultKey.ExpirationDate;
        if (defaultKey.IsRevoked)
        {
            findings.Report(HealthSeverity.Failed, Invariant(
                $"The default key {defaultKeyId} is revoked in the key store, but this node still seals with it until it reloads its key ring: other nodes refuse those cookies."));
            return;
        }

        var usableUntil = UsableUntil(defaultKey, keys);
        findings.Data["keysUsableUntil"] = usableUntil;
        if (defaultKey.ExpirationDate <= now)
        {
            findings.Report(HealthSeverity.Degraded, Invariant(
                $"The default key {defaultKeyId} expired at {defaultKey.ExpirationDate:O}: Data Protection seals with it as a fallback because the ring holds no usable key and automatic key generation is off. Create a key (CookieState.KeyRing init)."));
        }
        else if (usableUntil < now + window)
        {
            findings.Report(HealthSeverity.Degraded, Invariant(
                $"The key ring holds usable keys only until {usableUntil:O}, within the {window} window: no successor key takes over then. Data Protection creates successors two to three days ahead unless automatic key generation is off or the key store is read-only."));
        }
    }

    /// <summary>
    /// Until when keys cover: the default key's expiration, extended by each non-revoked key that is active by then and
    /// expires later, as Data Protection would choose its next default key.
    /// </summary>
    private static DateTimeOffset UsableUntil(IKey defaultKey, IReadOnlyCollection<IKey> keys)
    {
        var until = defaultKey.ExpirationDate;
        while (true)
        {
            var extended = until;
            foreach (var key in keys)
            {
                if (!key.IsRevoked && key.ActivationDate <= until && key.ExpirationDate > extended)
                {
                    extended = key.ExpirationDate;
                }
            }

            if (extended == until)
            {
                return until;
            }

            until = extended;
        }
    }

    private void RefreshKeyList(IKeyRing ring, Guid defaultKeyId, DateTimeOffset now, TimeSpan window)
    {
        // Changed: Data Protection rebuilt its ring (it read the store itself), or this node created or revoked a key.
        var changed = !ReferenceEquals(ring, _readForRing) || _keysChanged.IsCancellationRequested;
        var worrying = _readError is not null || _keys is null || !Covers(_keys, defaultKeyId, now, window);
        if (!changed && !(worrying && now - _readAt >= StoreRecheckInterval))
        {
            return;
        }

        try
        {
            // The token first, as IKeyManager asks, so that a key written during the read is not missed.
            var token = _keyManager!.GetCacheExpirationToken();
            _keys = _keyManager.GetAllKeys();
            _keysChanged = token;
            _readError = null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Keep the last good list to judge expiry by; retry after the interval, not at every probe.
            _readError = ex;
            _keysChanged = CancellationToken.None;
        }

        _readForRing = ring;
        _readAt = now;
    }

    private static bool Covers(IReadOnlyCollection<IKey> keys, Guid defaultKeyId, DateTimeOffset now, TimeSpan window)
    {
        var defaultKey = keys.FirstOrDefault(key => key.KeyId == defaultKeyId);
        return defaultKey is { IsRevoked: false }
            && defaultKey.ExpirationDate > now
            && UsableUntil(defaultKey, keys) >= now + window;
    }
}
