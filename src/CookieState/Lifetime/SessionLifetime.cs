using CookieState.Serialization;
using Microsoft.Extensions.Options;

namespace CookieState.Lifetime;

/// <summary>
/// Every time rule of a session, in one place: idle and absolute expiry, the per-session idle timeout and its bounds, the
/// sliding refresh threshold, the clock-skew bound on issue times, and how long an abandoned session's id must stay
/// revoked. Pure functions of the authenticated header and the clock; nothing here reads cookies or writes state.
/// </summary>
internal sealed class SessionLifetime
{
    private readonly TimeSpan _idleTimeout;
    private readonly TimeSpan _maxIdleTimeout;
    private readonly TimeSpan _absoluteTimeout;
    private readonly TimeSpan _maxClockSkew;
    private readonly double _refreshThreshold;
    private readonly TimeProvider _clock;

    public SessionLifetime(IOptions<CookieStateOptions> options, TimeProvider clock)
    {
        var settings = options.Value;
        _idleTimeout = settings.IdleTimeout;
        _maxIdleTimeout = settings.MaxIdleTimeout ?? settings.IdleTimeout;
        _absoluteTimeout = settings.AbsoluteTimeout;
        _maxClockSkew = settings.MaxClockSkew;
        _refreshThreshold = settings.RefreshThreshold;
        _clock = clock;
    }

    public DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>The largest idle timeout a session may be given: <see cref="CookieStateOptions.MaxIdleTimeout"/>.</summary>
    public TimeSpan MaxIdleTimeout => _maxIdleTimeout;

    /// <summary>
    /// The idle timeout in force for a session: its own, or the configured one. A session's own timeout above today's
    /// maximum (the configuration was lowered since it was set) is held to the maximum.
    /// </summary>
    public TimeSpan EffectiveIdleTimeout(in SessionHeader header) => EffectiveIdleTimeout(header.IdleTimeout, _idleTimeout, _maxIdleTimeout);

    /// <summary>The rule of <see cref="EffectiveIdleTimeout(in SessionHeader)"/>, for codecs that write the expiry down.</summary>
    public static TimeSpan EffectiveIdleTimeout(TimeSpan? own, TimeSpan configured, TimeSpan maximum) =>
        own is { } timeout ? (timeout < maximum ? timeout : maximum) : configured;

    public DateTimeOffset IdleExpiresAt(in SessionHeader header) => header.IssuedAt + IdleWindow(header);

    public DateTimeOffset AbsoluteExpiresAt(in SessionHeader header) => header.CreatedAt + _absoluteTimeout;

    /// <summary>Judges a session read back from cookies.</summary>
    public LifetimeVerdict Evaluate(in SessionHeader header)
    {
        var now = Now;
        // Issue times are sealed rounded up to the second (IssuePrecision), so an honest one is less than skew + 1 s ahead.
        if (header.IssuedAt - now >= _maxClockSkew + IssuePrecision || header.CreatedAt > header.IssuedAt)
        {
            return LifetimeVerdict.IssuedInFuture;
        }

        if (now - header.CreatedAt > _absoluteTimeout)
        {
            return LifetimeVerdict.AbsoluteExpired;
        }

        // A deadline the cookie names itself (a JOSE exp) is a NumericDate that RFC 7519 expires "on or after"; the server's
        // own idle rule keeps its inclusive end.
        if (header.ExpiresAt is { } expiresAt && now >= expiresAt)
        {
            return LifetimeVerdict.IdleExpired;
        }

        // Live through the last instant of the window inclusive: a request exactly IdleTimeout after the last one is in time.
        return now - header.IssuedAt > IdleWindow(header) ? LifetimeVerdict.IdleExpired : LifetimeVerdict.Live;
    }

    /// <summary>
    /// How long a cookie sealed with idle timeout <paramref name="idleTimeout"/> is valid after its sealed issue time:
    /// <c>idleTimeout × (1 + refreshThreshold)</c>. The one formula of the idle guarantee: a cookie is re-sealed once
    /// <see cref="RefreshInterval"/> has passed, so the last request that carried it, refreshed or not, is followed by at
    /// least <paramref name="idleTimeout"/> of validity, and a copy of it (a stolen one) lives at most this long. Data key
    /// expiry and the JOSE <c>exp</c> derive from it.
    /// </summary>
    public static TimeSpan ValidityWindow(TimeSpan idleTimeout, double refreshThreshold) => idleTimeout + RefreshInterval(idleTimeout, refreshThreshold);

    /// <summary>How long after its sealed issue time a cookie is due to be re-sealed: <c>idleTimeout × refreshThreshold</c>.</summary>
    public static TimeSpan RefreshInterval(TimeSpan idleTimeout, double refreshThreshold) => idleTimeout * refreshThreshold;

    /// <summary>The longest time any cookie sealed under these options is valid after its issue time.</summary>
    public TimeSpan MaxValidityWindow => ValidityWindow(_maxIdleTimeout, _refreshThreshold);

    /// <summary>
    /// The resolution issue times are sealed with, rounded up to: a whole second, which both the envelope (milliseconds)
    /// and JOSE (NumericDate seconds) hold exactly, so that what a reader sees is never earlier than the request that
    /// sealed it.
    /// </summary>
    public static TimeSpan IssuePrecision => TimeSpan.FromSeconds(1);

    /// <summary>When a session sealed now should be re-sealed to slide its idle timeout: what the cookie's hint carries.</summary>
    public DateTimeOffset RefreshAfter(in SessionHeader header)
    {
        var idle = EffectiveIdleTimeout(header);
        var full = ValidityWindow(idle, _refreshThreshold);
        var window = IdleWindow(header);

        // A cookie whose own deadline shortens its window (a JOSE exp of an older node) is refreshed as early, in
        // proportion, so that it gets the full window at the first chance.
        var interval = window == full || full <= TimeSpan.Zero
            ? RefreshInterval(idle, _refreshThreshold)
            : window * (_refreshThreshold / (1 + _refreshThreshold));
        return header.IssuedAt + interval;
    }

    /// <summary>Whether enough of the idle window has passed that a request should re-seal the cookie.</summary>
    public bool IsRefreshDue(in SessionHeader header) => Now >= RefreshAfter(header);

    /// <summary>
    /// How long this cookie stays valid unused: the <see cref="ValidityWindow"/> of its effective idle timeout, or less when
    /// the cookie names an earlier deadline of its own (<see cref="SessionHeader.ExpiresAt"/>, e.g. a JOSE <c>exp</c>
    /// written by another stack, or by a node that sealed before the window covered the refresh threshold).
    /// </summary>
    private TimeSpan IdleWindow(in SessionHeader header)
    {
        var window = ValidityWindow(EffectiveIdleTimeout(header), _refreshThreshold);
        return header.ExpiresAt is { } expiresAt && expiresAt - header.IssuedAt < window ? expiresAt - header.IssuedAt : window;
    }

    /// <summary>
    /// Checks an idle timeout an app asks for: at least a second, at most <see cref="MaxIdleTimeout"/>.
    /// </summary>
    public void ValidateIdleTimeout(TimeSpan timeout)
    {
        if (timeout < TimeSpan.FromSeconds(1) || timeout > _maxIdleTimeout)
        {
            throw new ArgumentOutOfRangeException(
                nameof(timeout),
                timeout,
                $"A session's idle timeout must be between 1 second and {_maxIdleTimeout} (CookieStateOptions.MaxIdleTimeout, " +
                "which defaults to IdleTimeout and may not exceed AbsoluteTimeout).");
        }
    }

    /// <summary>The header a session is sealed with now: the same session, issued now, under no deadline of an older cookie.</summary>
    /// <remarks>
    /// The issue time is rounded up to <see cref="IssuePrecision"/>: sealed down to the millisecond or second instead, a
    /// refreshed cookie would expire a fraction before <c>IdleTimeout</c> after the request that refreshed it.
    /// </remarks>
    public SessionHeader Reissue(in SessionHeader header) => header with { IssuedAt = RoundUp(Now), ExpiresAt = null };

    private static DateTimeOffset RoundUp(DateTimeOffset time)
    {
        var remainder = time.UtcTicks % IssuePrecision.Ticks;
        return remainder == 0 ? time : time.AddTicks(IssuePrecision.Ticks - remainder);
    }

    /// <summary>
    /// How long an abandoned or revoked session's id must be remembered from now: no copy of its cookies outlives the
    /// absolute timeout, whenever the session started.
    /// </summary>
    public TimeSpan RevocationRetention => _absoluteTimeout;
}
