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
    private readonly TimeSpan? _maxPersistentLifetime;
    private readonly TimeSpan _revocationRetention;
    private readonly TimeProvider _clock;

    public SessionLifetime(IOptions<CookieStateOptions> options, TimeProvider clock)
    {
        var settings = options.Value;
        _idleTimeout = settings.IdleTimeout;
        _maxIdleTimeout = settings.MaxIdleTimeout ?? settings.IdleTimeout;
        _absoluteTimeout = settings.AbsoluteTimeout;
        _maxClockSkew = settings.MaxClockSkew;
        _refreshThreshold = settings.RefreshThreshold;
        _maxPersistentLifetime = settings.MaxPersistentLifetime;
        _revocationRetention = RevocationRetentionFor(settings);
        _clock = clock;
    }

    public DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>The largest idle timeout a session may be given: <see cref="CookieStateOptions.MaxIdleTimeout"/>.</summary>
    public TimeSpan MaxIdleTimeout => _maxIdleTimeout;

    /// <summary>
    /// The idle timeout in force for a session: its own, or the configured one. A session's own timeout above today's
    /// maximum (the configuration was lowered since it was set) is held to the maximum.
    /// </summary>
    public TimeSpan EffectiveIdleTimeout(in SessionHeader header) =>
        EffectiveIdleTimeout(header.IdleTimeout, _idleTimeout, IsPersistent(header) ? _maxPersistentLifetime!.Value : _maxIdleTimeout);

    /// <summary>The rule of <see cref="EffectiveIdleTimeout(in SessionHeader)"/>, for codecs that write the expiry down.</summary>
    public static TimeSpan EffectiveIdleTimeout(TimeSpan? own, TimeSpan configured, TimeSpan maximum) =>
        own is { } timeout ? (timeout < maximum ? timeout : maximum) : configured;

    /// <summary>
    /// The rule of <see cref="EffectiveIdleTimeout(in SessionHeader)"/> with persistence: a persistent session's own
    /// timeout is held to <paramref name="maxPersistentLifetime"/>; with persistence off (null), to
    /// <paramref name="maxIdleTimeout"/>, as any other session's.
    /// </summary>
    public static TimeSpan EffectiveIdleTimeout(in SessionHeader header, TimeSpan configured, TimeSpan maxIdleTimeout, TimeSpan? maxPersistentLifetime) =>
        EffectiveIdleTimeout(
            header.IdleTimeout,
            configured,
            header.PersistentSince is not null && maxPersistentLifetime is { } persistent ? persistent : maxIdleTimeout);

    /// <summary>
    /// Whether a session is persistent: made so with <c>SetPersistent</c>, and persistence still allowed
    /// (<see cref="CookieStateOptions.MaxPersistentLifetime"/> set). A persistent session read after persistence was turned
    /// off is judged as any other session, by <c>IdleTimeout</c>/<c>MaxIdleTimeout</c> and <c>AbsoluteTimeout</c> from its
    /// start, and its cookies become browser-session cookies again: turning the option off never lengthens a session.
    /// </summary>
    public bool IsPersistent(in SessionHeader header) => header.PersistentSince is not null && _maxPersistentLifetime is not null;

    /// <summary>Whether sessions may be made persistent: <see cref="CookieStateOptions.MaxPersistentLifetime"/> is set.</summary>
    public TimeSpan? MaxPersistentLifetime => _maxPersistentLifetime;

    public DateTimeOffset IdleExpiresAt(in SessionHeader header) => header.IssuedAt + IdleWindow(header);

    /// <summary>
    /// When a session ends however active: <c>AbsoluteTimeout</c> after it started, or for a persistent session
    /// <c>MaxPersistentLifetime</c> after it was made persistent.
    /// </summary>
    public DateTimeOffset AbsoluteExpiresAt(in SessionHeader header) => IsPersistent(header)
        ? AddCapped(header.PersistentSince!.Value, _maxPersistentLifetime!.Value)
        : AddCapped(header.CreatedAt, _absoluteTimeout);

    /// <summary>
    /// When a persistent session's cookies should expire in the browser if sealed with <paramref name="header"/>: the end of
    /// its validity window, or its absolute limit if earlier; <see langword="null"/> for a browser-session cookie. Every
    /// cookie of the set carries this one instant, so no chunk outlives another.
    /// </summary>
    public DateTimeOffset? CookieExpiresAt(in SessionHeader header)
    {
        if (!IsPersistent(header))
        {
            return null;
        }

        var idle = IdleExpiresAt(header);
        var absolute = AbsoluteExpiresAt(header);
        return idle < absolute ? idle : absolute;
    }

    private static DateTimeOffset AddCapped(DateTimeOffset time, TimeSpan span) =>
        DateTimeOffset.MaxValue - time <= span ? DateTimeOffset.MaxValue : time + span;

    /// <summary>Judges a session read back from cookies.</summary>
    public LifetimeVerdict Evaluate(in SessionHeader header)
    {
        var now = Now;
        // Issue times are sealed rounded up to the second (IssuePrecision), so an honest one is less than skew + 1 s ahead.
        if (header.IssuedAt - now >= _maxClockSkew + IssuePrecision || header.CreatedAt > header.IssuedAt)
        {
            return LifetimeVerdict.IssuedInFuture;
        }

        if (now > AbsoluteExpiresAt(header))
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
    public TimeSpan MaxValidityWindow => ValidityWindow(LongestIdleTimeout(_maxIdleTimeout, _maxPersistentLifetime), _refreshThreshold);

    /// <summary>The largest idle timeout any session may have: <c>MaxIdleTimeout</c>, or a persistent session's lifetime.</summary>
    public static TimeSpan LongestIdleTimeout(TimeSpan maxIdleTimeout, TimeSpan? maxPersistentLifetime) =>
        maxPersistentLifetime is { } persistent && persistent > maxIdleTimeout ? persistent : maxIdleTimeout;

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

    /// <summary>
    /// Checks a persistent lifetime an app asks for: persistence allowed, at least a second, at most
    /// <see cref="CookieStateOptions.MaxPersistentLifetime"/>.
    /// </summary>
    public void ValidatePersistentLifetime(TimeSpan lifetime)
    {
        if (_maxPersistentLifetime is not { } maximum)
        {
            throw new InvalidOperationException(
                "Persistent sessions are off: set CookieStateOptions.MaxPersistentLifetime (for example 30 days) to let " +
                "SetPersistent make a session outlive the browser session. Register revocation too, so that users can sign out everywhere.");
        }

        if (lifetime < TimeSpan.FromSeconds(1) || lifetime > maximum)
        {
            throw new ArgumentOutOfRangeException(
                nameof(lifetime),
                lifetime,
                $"A persistent session's lifetime must be between 1 second and {maximum} (CookieStateOptions.MaxPersistentLifetime).");
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

    /// <summary>How long an abandoned or revoked session's id must be remembered from now: <see cref="RevocationRetentionFor"/>.</summary>
    public TimeSpan RevocationRetention => _revocationRetention;

    /// <summary>
    /// The one formula of revocation retention, for every store that keeps revocations: how long a revoked lineage must be
    /// remembered from the moment it is revoked. No copy of a session's cookies outlives its absolute limit, which is at
    /// most <c>AbsoluteTimeout</c> from its start, or <c>MaxPersistentLifetime</c> from when it was made persistent (both
    /// no later than now), plus <c>MaxClockSkew</c>, by which the node that sealed those times may have been ahead.
    /// </summary>
    public static TimeSpan RevocationRetentionFor(CookieStateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var longest = options.MaxPersistentLifetime is { } persistent && persistent > options.AbsoluteTimeout ? persistent : options.AbsoluteTimeout;
        return longest + options.MaxClockSkew;
    }
}
