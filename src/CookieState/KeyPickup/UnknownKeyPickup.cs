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
/// No request thread blocks on any of it: the middleware awaits the lookup before the endpoint runs, and a lookup still
/// running when a session is read makes that session unavailable, not empty.
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
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

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
    /// Starts making the key ring contain <paramref name="keyId"/>, without blocking: <see cref="PickupState.InRing"/> when
    /// it already does (another request's reload finished), <see cref="PickupState.Pending"/> with the lookup to await
    /// (started now, or joined when one is in flight), <see cref="PickupState.Refused"/> when the id is remembered as absent
    /// or the lookup budget is spent. The store read and the wait for Data Protection's rebuild run off the caller's thread
    /// and context; nothing here waits. Never throws.
    /// </summary>
    public PickupState Begin(Guid keyId, out Task? lookup)
    {
        lookup = null;

        // A request that failed on the stale ring while another one was reloading it: the key may be in the ring by now.
        if (KeyRingContains(keyId))
        {
            return PickupState.InRing;
        }

        TaskCompletionSource started;
        DateTimeOffset budgetBefore;
        lock (_lock)
        {
            var now = _timeProvider.GetUtcNow();
            if (_absent.Contains(keyId, now))
            {
                return PickupState.Refused;
            }

            if (_inFlight is not null)
            {
                // Another request is reloading right now, most likely for the same new key: await it rather than spending
                // the lookup budget or losing this session.
                lookup = _inFlight;
                return PickupState.Pending;
            }

            if (now < _nextLookupAllowed)
            {
                KeyPickupLog.UnknownKeyLookupThrottled(_logger, keyId, _options.MinLookupInterval);
                return PickupState.Refused;
            }

            budgetBefore = _nextLookupAllowed;
            _nextLookupAllowed = now + _options.MinLookupInterval;
            started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _inFlight = started.Task;
        }

        // Off the request's execution context: the lookup belongs to no request, and must not keep one's state alive.
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(() => RunLookupAsync(keyId, budgetBefore, started));
        }

        lookup = started.Task;
        return PickupState.Pending;
    }

    /// <summary>
    /// Awaits a lookup from <see cref="Begin"/> for at most <see cref="CookieStateKeyPickupOptions.ReloadTimeout"/>; a lookup
    /// still running then is left to finish for later requests. Throws only when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task AwaitAsync(Task lookup, CancellationToken cancellationToken)
    {
        try
        {
            await lookup.WaitAsync(_options.ReloadTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The session is unavailable for this request (the key ring cannot vouch yet), not empty.
        }
    }

    private async Task RunLookupAsync(Guid keyId, DateTimeOffset budgetBefore, TaskCompletionSource started)
    {
        var found = false;
        try
        {
            found = await LookUpAndReloadAsync(keyId);
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

            started.SetResult();
        }
    }

    private async Task<bool> LookUpAndReloadAsync(Guid keyId)
    {
        KeyPickupLog.UnknownKeyLookup(_logger, keyId);
        var started = Stopwatch.GetTimestamp();
        try
        {
            // A synchronous store read (IKeyManager has no other), on a pool thread of its own, once per lookup.
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
            // ring; later calls return the new ring once the rebuild has finished. Await the rebuild's store read, then poll
            // the short rest. Wall-clock time, because Data Protection keeps its own clock (DateTime.UtcNow).
            var deadline = Stopwatch.GetTimestamp() + (long)(_options.ReloadTimeout.TotalSeconds * Stopwatch.Frequency);
            var storeRead = _keyManager.RequestReload();
            if (!KeyRingContains(keyId))
            {
                await storeRead.WaitAsync(_options.ReloadTimeout);
                while (!KeyRingContains(keyId))
                {
                    if (Remaining(deadline) <= TimeSpan.Zero)
                    {
                        KeyPickupLog.UnknownKeyReloadTimedOut(_logger, keyId, _options.ReloadTimeout);
                        return false;
                    }

                    await Task.Delay(PollInterval);
                }
            }

            KeyPickupLog.UnknownKeyPickedUp(_logger, keyId, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return true;
        }
        catch (TimeoutException)
        {
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
