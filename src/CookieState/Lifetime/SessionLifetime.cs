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
        if (header.IssuedAt - now > _maxClockSkew || header.CreatedAt > header.IssuedAt)
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

        return now - header.IssuedAt > IdleWindow(header) ? LifetimeVerdict.IdleExpired : LifetimeVerdict.Live;
    }

    /// <summary>When a session sealed now should be re-sealed to slide its idle timeout: what the cookie's hint carries.</summary>
    public DateTimeOffset RefreshAfter(in SessionHeader header) => header.IssuedAt + (IdleWindow(header) * _refreshThreshold);

    /// <summary>Whether enough of the idle window has passed that a request should re-seal the cookie.</summary>
    public bool IsRefreshDue(in SessionHeader header) => Now >= RefreshAfter(header);

    /// <summary>
    /// How long this cookie stays valid unused: the effective idle timeout, or less when the cookie names an earlier deadline
    /// of its own (<see cref="SessionHeader.ExpiresAt"/>, e.g. a JOSE <c>exp</c> written by another stack).
    /// </summary>
    private TimeSpan IdleWindow(in SessionHeader header)
    {
        var window = EffectiveIdleTimeout(header);
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
    public SessionHeader Reissue(in SessionHeader header) => header with { IssuedAt = Now, ExpiresAt = null };

    /// <summary>
    /// How long an abandoned or revoked session's id must be remembered from now: no copy of its cookies outlives the
    /// absolute timeout, whenever the session started.
    /// </summary>
    public TimeSpan RevocationRetention => _absoluteTimeout;
}
