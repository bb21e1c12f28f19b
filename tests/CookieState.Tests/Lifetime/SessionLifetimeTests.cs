using CookieState.Lifetime;
using CookieState.Serialization;
using Microsoft.Extensions.Time.Testing;

namespace CookieState.Tests.Lifetime;

/// <summary>Every time rule on its own: pure functions of the header and a fake clock.</summary>
public sealed class SessionLifetimeTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);

    private SessionLifetime Lifetime(Action<CookieStateOptions>? configure = null)
    {
        var options = new CookieStateOptions();
        configure?.Invoke(options);
        return new SessionLifetime(Microsoft.Extensions.Options.Options.Create(options), _clock);
    }

    private static SessionHeader Header(TimeSpan? idleTimeout = null) => SessionHeader.New(Start) with { IdleTimeout = idleTimeout };

    [Theory]
    [InlineData(0, "Live")]
    [InlineData(20 * 60, "Live")]
    [InlineData(30 * 60, "Live")]
    [InlineData(30 * 60 + 1, "IdleExpired")]
    public void Idle_expiry_counts_the_validity_window_from_the_issue_time(int seconds, string expected)
    {
        var lifetime = Lifetime();
        _clock.Advance(TimeSpan.FromSeconds(seconds));

        Assert.Equal(expected, lifetime.Evaluate(Header()).ToString());
    }

    [Fact]
    public void Absolute_expiry_counts_from_the_creation_time_however_recently_the_cookie_was_issued()
    {
        var lifetime = Lifetime(o => o.AbsoluteTimeout = TimeSpan.FromHours(1));
        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        Assert.Equal(LifetimeVerdict.AbsoluteExpired, lifetime.Evaluate(Header() with { IssuedAt = _clock.GetUtcNow() }));
    }

    [Fact]
    public void A_session_of_its_own_one_minute_expires_after_91_seconds_while_the_default_keeps_30_minutes()
    {
        var lifetime = Lifetime();
        _clock.Advance(TimeSpan.FromSeconds(91));

        Assert.Equal(LifetimeVerdict.IdleExpired, lifetime.Evaluate(Header(TimeSpan.FromMinutes(1))));
        Assert.Equal(LifetimeVerdict.Live, lifetime.Evaluate(Header()));
        Assert.Equal(Start + TimeSpan.FromSeconds(90), lifetime.IdleExpiresAt(Header(TimeSpan.FromMinutes(1))));
    }

    [Fact]
    public void The_effective_timeout_drives_the_refresh_threshold()
    {
        var lifetime = Lifetime(o => o.RefreshThreshold = 0.5);

        Assert.Equal(Start + TimeSpan.FromSeconds(30), lifetime.RefreshAfter(Header(TimeSpan.FromMinutes(1))));
        Assert.Equal(Start + TimeSpan.FromMinutes(10), lifetime.RefreshAfter(Header()));
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(lifetime.IsRefreshDue(Header(TimeSpan.FromMinutes(1))));
        Assert.False(lifetime.IsRefreshDue(Header()));
    }

    [Fact]
    public void A_timeout_above_todays_maximum_is_held_to_the_maximum()
    {
        // Sealed when the maximum was an hour; the configuration has since been lowered.
        var lifetime = Lifetime(o => o.MaxIdleTimeout = TimeSpan.FromMinutes(30));

        Assert.Equal(TimeSpan.FromMinutes(30), lifetime.EffectiveIdleTimeout(Header(TimeSpan.FromHours(1))));
    }

    [Fact]
    public void App_code_may_only_shorten_the_timeout_unless_a_maximum_allows_more()
    {
        var strict = Lifetime();
        var lenient = Lifetime(o => o.MaxIdleTimeout = TimeSpan.FromHours(1));

        strict.ValidateIdleTimeout(TimeSpan.FromMinutes(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => strict.ValidateIdleTimeout(TimeSpan.FromMinutes(21)));
        Assert.Throws<ArgumentOutOfRangeException>(() => strict.ValidateIdleTimeout(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => strict.ValidateIdleTimeout(TimeSpan.FromMilliseconds(500)));
        lenient.ValidateIdleTimeout(TimeSpan.FromHours(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => lenient.ValidateIdleTimeout(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1)));
    }

    [Theory]
    [InlineData(4 * 60, "Live")]
    [InlineData(5 * 60, "Live")]
    [InlineData(5 * 60 + 1, "IssuedInFuture")]
    public void An_issue_time_beyond_the_clock_skew_is_refused(int secondsAhead, string expected)
    {
        var lifetime = Lifetime();

        var header = Header() with { IssuedAt = Start + TimeSpan.FromSeconds(secondsAhead), CreatedAt = Start };

        Assert.Equal(expected, lifetime.Evaluate(header).ToString());
    }

    [Fact]
    public void A_session_created_after_it_was_issued_is_refused()
    {
        var lifetime = Lifetime();

        Assert.Equal(LifetimeVerdict.IssuedInFuture, lifetime.Evaluate(Header() with { CreatedAt = Start + TimeSpan.FromSeconds(1) }));
    }

    [Fact]
    public void Reissuing_keeps_the_session_and_moves_only_the_issue_time()
    {
        var lifetime = Lifetime();
        var header = Header(TimeSpan.FromMinutes(3));
        _clock.Advance(TimeSpan.FromMinutes(2));

        var reissued = lifetime.Reissue(header);

        Assert.Equal(header with { IssuedAt = Start + TimeSpan.FromMinutes(2) }, reissued);
    }

    [Theory]
    [InlineData(0.5, 30 * 60, 10 * 60)]
    [InlineData(0.25, 25 * 60, 5 * 60)]
    [InlineData(0.0, 20 * 60, 0)]
    [InlineData(1.0, 40 * 60, 20 * 60)]
    public void The_window_covers_the_refresh_threshold_so_the_last_request_is_followed_by_the_idle_timeout(
        double threshold, int windowSeconds, int refreshSeconds)
    {
        var lifetime = Lifetime(o => o.RefreshThreshold = threshold);

        Assert.Equal(TimeSpan.FromSeconds(windowSeconds), SessionLifetime.ValidityWindow(TimeSpan.FromMinutes(20), threshold));
        Assert.Equal(TimeSpan.FromSeconds(windowSeconds), lifetime.MaxValidityWindow);
        Assert.Equal(Start + TimeSpan.FromSeconds(refreshSeconds), lifetime.RefreshAfter(Header()));
        _clock.Advance(TimeSpan.FromSeconds(windowSeconds));
        Assert.Equal(LifetimeVerdict.Live, lifetime.Evaluate(Header()));
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(LifetimeVerdict.IdleExpired, lifetime.Evaluate(Header()));
    }

    [Fact]
    public void A_reissue_at_a_sub_second_instant_rounds_the_issue_time_up_to_the_second()
    {
        var lifetime = Lifetime();
        _clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromTicks(1_234_567));

        var reissued = lifetime.Reissue(Header());

        Assert.Equal(Start + TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1), reissued.IssuedAt);
        Assert.Equal(LifetimeVerdict.Live, lifetime.Evaluate(reissued));
    }

    [Fact]
    public void A_window_shortened_by_an_older_deadline_is_refreshed_as_early_in_proportion()
    {
        // A JOSE exp written by a node that judged IdleTimeout alone: 20 minutes, refreshed after a third of it.
        var lifetime = Lifetime();
        var header = Header() with { ExpiresAt = Start + TimeSpan.FromMinutes(20) };

        Assert.Equal(Start + TimeSpan.FromMinutes(20), lifetime.IdleExpiresAt(header));
        Assert.Equal(Start + TimeSpan.FromMinutes(20) / 3, lifetime.RefreshAfter(header));
    }

    [Fact]
    public void An_abandoned_id_is_remembered_until_its_cookies_would_have_expired_anyway()
    {
        var lifetime = Lifetime(o => o.AbsoluteTimeout = TimeSpan.FromHours(3));

        // Plus the clock skew by which the node that sealed the creation time may have been ahead (issue 20).
        Assert.Equal(TimeSpan.FromHours(3) + TimeSpan.FromMinutes(5), lifetime.RevocationRetention);
    }
}
