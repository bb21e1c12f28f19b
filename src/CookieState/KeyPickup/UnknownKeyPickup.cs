using System.Diagnostics;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.KeyManagement.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieState.KeyPickup;

/// <summary>
/// Makes a node pick up a Data Protection key that another node created after this node cached its key ring.
/// </summary>
/// <remarks>
/// Data Protection caches the key ring for about a day and re-reads it on an unknown key id only during the two minutes after
/// its key ring provider was created (dotnet/aspnetcore#3975). A key created with immediate activation elsewhere (the farm
/// start-up race, dotnet/aspnetcore#3514 and #50440) would otherwise make every cookie sealed with it unreadable here.
/// <para>
/// On an unknown key id this looks the id up in the key store (at most once per
/// <see cref="CookieStateKeyPickupOptions.MinLookupInterval"/>, ids found missing are remembered), and if the key is there,
/// fires <see cref="RefreshableKeyManager.RequestReload"/> and waits for the key ring provider to contain it. The reload itself
/// runs in the background (since .NET 9 the provider serves the stale ring while it refreshes), so the wait polls the provider.
/// </para>
/// </remarks>
internal sealed class UnknownKeyPickup
{
    private readonly RefreshableKeyManager _keyManager;
    private readonly IKeyRingProvider _keyRingProvider;
    private readonly CookieStateKeyPickupOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly UnknownKeyIdCache _absent;
    private DateTimeOffset _nextLookupAllowed = DateTimeOffset.MinValue;
    private Task? _inFlight;

    public UnknownKeyPickup(
        RefreshableKeyManager keyManager,
        IKeyRingProvider keyRingProvider,
        CookieStateKeyPickupOptions options,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        _keyManager = keyManager;
        _keyRingProvider = keyRingProvider;
        _options = options;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger(CookieStateDiagnostics.KeyPickupLogCategory);
        _absent = new UnknownKeyIdCache(options.MaxRememberedUnknownKeys, options.UnknownKeyMemory);
    }

    /// <summary>
    /// Builds the pickup for the protector, or returns <see langword="null"/> when it is disabled or cannot work because the
    /// <see cref="IKeyManager"/> Data Protection uses is not the decorated one.
    /// </summary>
    public static UnknownKeyPickup? Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<CookieStateKeyPickupOptions>>().Value;
        if (!options.Enabled)
        {
            return null;
        }

        var loggerFactory = services.GetRequiredService<ILoggerFactory>();
        var keyManager = services.GetRequiredService<IKeyManager>();
        if (keyManager is not RefreshableKeyManager refreshable)
        {
            KeyPickupLog.UnknownKeyPickupUnavailable(
                loggerFactory.CreateLogger(CookieStateDiagnostics.KeyPickupLogCategory), keyManager.GetType().FullName ?? keyManager.GetType().Name);
            return null;
        }

        return new UnknownKeyPickup(
            refreshable,
            services.GetRequiredService<IKeyRingProvider>(),
            options,
            services.GetRequiredService<TimeProvider>(),
            loggerFactory);
    }

    /// <summary>
    /// Tries to make the key ring contain <paramref name="keyId"/>. Returns <see langword="true"/> when it now does, so the
    /// caller should open its payload once more. Never throws.
    /// </summary>
    public bool TryPickUp(Guid keyId)
    {
        // A request that failed on the stale ring while another one was reloading it: the key may be in the ring by now.
        if (KeyRingContains(keyId))
        {
            return true;
        }

        TaskCompletionSource? lookup = null;
        Task? joined = null;
        var budgetBefore = DateTimeOffset.MinValue;
        lock (_lock)
        {
            var now = _timeProvider.GetUtcNow();
            if (_absent.Contains(keyId, now))
            {
                return false;
            }

            if (_inFlight is not null)
            {
                // Another request is reloading right now, most likely for the same new key: wait for it rather than
                // spending the lookup budget or losing this session.
                joined = _inFlight;
            }
            else if (now < _nextLookupAllowed)
            {
                KeyPickupLog.UnknownKeyLookupThrottled(_logger, keyId, _options.MinLookupInterval);
                return false;
            }
            else
            {
                budgetBefore = _nextLookupAllowed;
                _nextLookupAllowed = now + _options.MinLookupInterval;
                lookup = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _inFlight = lookup.Task;
            }
        }

        if (lookup is null)
        {
            joined!.Wait(_options.ReloadTimeout);
            return KeyRingContains(keyId);
        }

        var found = false;
        try
        {
            found = LookUpAndReload(keyId);
            return found;
        }
        finally
        {
            lock (_lock)
            {
                _inFlight = null;

                // Only lookups that found nothing spend the budget: a real key is loaded once and never looked up again, so
                // two new keys within one interval (a start-up race, then a rotation) both get through, while a flood of
                // forged ids still costs at most one store read per interval.
                if (found && _nextLookupAllowed > budgetBefore)
                {
                    _nextLookupAllowed = budgetBefore;
                }
            }

            lookup.SetResult();
        }
    }

    private bool LookUpAndReload(Guid keyId)
    {
        KeyPickupLog.UnknownKeyLookup(_logger, keyId);
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (!_keyManager.GetAllKeys().Any(key => key.KeyId == keyId))
            {
                lock (_lock)
                {
                    _absent.Add(keyId, _timeProvider.GetUtcNow());
                }

                KeyPickupLog.UnknownKeyAbsent(_logger, keyId);
                return false;
            }

            // The first GetCurrentKeyRing after the reload request starts the rebuild on the thread pool and returns the stale
            // ring; later calls return the new ring once the rebuild has finished. Block on a task until the rebuild has read
            // the store (a blocked Task.Wait makes the pool add threads, so busy request threads cannot starve the rebuild), then
            // poll the short rest. Wall-clock time, because Data Protection keeps its own clock (DateTime.UtcNow).
            var deadline = Stopwatch.GetTimestamp() + (long)(_options.ReloadTimeout.TotalSeconds * Stopwatch.Frequency);
            var storeRead = _keyManager.RequestReload();
            if (KeyRingContains(keyId)
                || (storeRead.Wait(_options.ReloadTimeout)
                    && SpinWait.SpinUntil(() => KeyRingContains(keyId), Remaining(deadline))))
            {
                KeyPickupLog.UnknownKeyPickedUp(_logger, keyId, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                return true;
            }

            KeyPickupLog.UnknownKeyReloadTimedOut(_logger, keyId, _options.ReloadTimeout);
            return false;
        }
        catch (Exception ex)
        {
            KeyPickupLog.UnknownKeyLookupFailed(_logger, keyId, ex);
            return false;
        }
    }

    private static TimeSpan Remaining(long deadline) =>
        TimeSpan.FromSeconds(Math.Max(0, deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);

    private bool KeyRingContains(Guid keyId)
    {
        try
        {
            return _keyRingProvider.GetCurrentKeyRing().GetAuthenticatedEncryptorByKeyId(keyId, out _) is not null;
        }
        catch (Exception)
        {
            // A failed refresh is logged by Data Protection; for this check it just means "not (yet) there".
            return false;
        }
    }
}
