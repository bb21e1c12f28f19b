using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CookieState.KeyPickup;

/// <summary>
/// Makes Data Protection reload its key ring at least once per <see cref="CookieStateEnvelopeOptions.DataKeyCacheLifetime"/>
/// while cookies are read or sealed, so that a key revoked on another node is seen here within that time rather than at
/// the ring's own refresh (about a day). One key store read per interval per node, never one per request: the request
/// that finds the interval over only fires <see cref="RefreshableKeyManager.RequestReload"/>, and Data Protection rebuilds
/// the ring on the thread pool while it serves the cached one.
/// </summary>
internal sealed class KeyRingRecheck
{
    private readonly RefreshableKeyManager _keyManager;
    private readonly TimeProvider _timeProvider;
    private readonly long _intervalTicks;
    private long _nextDueTicks;

    public KeyRingRecheck(RefreshableKeyManager keyManager, TimeProvider timeProvider, TimeSpan interval)
    {
        _keyManager = keyManager;
        _timeProvider = timeProvider;
        _intervalTicks = interval.Ticks;
        _nextDueTicks = timeProvider.GetUtcNow().UtcTicks + _intervalTicks;
    }

    /// <summary>The recheck, or <see langword="null"/> when the key manager Data Protection uses is not the decorated one.</summary>
    public static KeyRingRecheck? Create(IServiceProvider services) =>
        services.GetRequiredService<IKeyManager>() is RefreshableKeyManager refreshable
            ? new KeyRingRecheck(
                refreshable,
                services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<IOptions<CookieStateOptions>>().Value.Envelope.DataKeyCacheLifetime)
            : null;

    /// <summary>Asks for a reload when the interval is over; the one caller that wins the race asks, the others go on.</summary>
    public void RequestIfDue()
    {
        var now = _timeProvider.GetUtcNow().UtcTicks;
        var due = Interlocked.Read(ref _nextDueTicks);
        if (now < due || Interlocked.CompareExchange(ref _nextDueTicks, now + _intervalTicks, due) != due)
        {
            return;
        }

        _ = _keyManager.RequestReload();
    }
}
