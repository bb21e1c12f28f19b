using CookieState.Configuration;
using CookieState.Jose.Protection;
using CookieState.Lifetime;
using CookieState.Serialization;
using CookieState.Tests.Units;
using Microsoft.Extensions.Time.Testing;

namespace CookieState.Tests.Session;

/// <summary>Persistence in the sealed header (binary version 4, JOSE claims), and the time rules that read it.</summary>
public sealed class PersistentHeaderTests
{
    private static readonly DateTimeOffset Start = new(2031, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private static SessionPayload Persistent(DateTimeOffset since) => new(
        SessionHeader.New(Start) with { IdleTimeout = TimeSpan.FromDays(7), PersistentSince = since },
        new Dictionary<string, byte[]> { ["user"] = [1, 2, 3] });

    [Fact]
    public void Header_version_4_round_trips_the_persistent_since_time_and_its_absence()
    {
        var codec = new BinaryStateCodec(BinaryLayout.Version4, 1024, 1024);
        var since = Start.AddMilliseconds(1234);

        var persistent = codec.Read(BinaryStateCodecTests.Write(codec, Persistent(since)));
        var plain = codec.Read(BinaryStateCodecTests.Write(codec, Persistent(since) with { Header = Persistent(since).Header with { PersistentSince = null } }));

        Assert.Equal(since, persistent.Header.PersistentSince);
        Assert.Equal(TimeSpan.FromDays(7), persistent.Header.IdleTimeout);
        Assert.Null(plain.Header.PersistentSince);
    }

    [Fact]
    public void The_legacy_header_has_no_place_for_persistence_and_drops_it()
    {
        var codec = new BinaryStateCodec(BinaryLayout.Version3, 1024, 1024);

        var back = codec.Read(BinaryStateCodecTests.Write(codec, Persistent(Start)));

        Assert.Null(back.Header.PersistentSince);
    }

    [Fact]
    public void Jose_round_trips_cs_persistent_and_its_exp_covers_the_persistent_lifetime()
    {
        var codec = new JoseStateCodec("aud", TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(20), 0.5, 1024, 1024, maxPersistentLifetime: TimeSpan.FromDays(30));
        var since = Start.AddMilliseconds(250);
        var state = Persistent(since);

        var bytes = BinaryStateCodecTests.Write(codec, state);
        var json = System.Text.Encoding.UTF8.GetString(bytes);
        var back = codec.Read(bytes);

        Assert.Contains("\"cs_persistent\":1930899600.25", json, StringComparison.Ordinal);
        Assert.Equal(since, back.Header.PersistentSince);

        // exp = the first whole second after iat + a week × 1.5, not after the configured 20 minutes × 1.5.
        Assert.Equal(Start + TimeSpan.FromDays(10.5) + TimeSpan.FromSeconds(1), back.Header.ExpiresAt);
    }

    [Fact]
    public void Jose_without_persistence_writes_no_claim()
    {
        var codec = new JoseStateCodec("aud", TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(20), 0.5, 1024, 1024);
        var state = Persistent(Start) with { Header = Persistent(Start).Header with { PersistentSince = null, IdleTimeout = null } };

        var json = System.Text.Encoding.UTF8.GetString(BinaryStateCodecTests.Write(codec, state));

        Assert.DoesNotContain("cs_persistent", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Revocation_retention_covers_the_longest_persistent_lifetime_plus_clock_skew()
    {
        var options = new CookieStateOptions { MaxPersistentLifetime = TimeSpan.FromDays(30) };

        Assert.Equal(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(5), SessionLifetime.RevocationRetentionFor(options));
        Assert.Equal(TimeSpan.FromHours(12) + TimeSpan.FromMinutes(5), SessionLifetime.RevocationRetentionFor(new CookieStateOptions()));
    }

    [Fact]
    public void The_longest_validity_window_covers_a_persistent_lifetime()
    {
        var options = new CookieStateOptions { MaxPersistentLifetime = TimeSpan.FromDays(30) };
        var lifetime = new SessionLifetime(Microsoft.Extensions.Options.Options.Create(options), new FakeTimeProvider(Start));

        Assert.Equal(TimeSpan.FromDays(45), lifetime.MaxValidityWindow);
    }

    [Fact]
    public void A_persistent_header_read_with_persistence_off_is_judged_as_any_other_session()
    {
        var clock = new FakeTimeProvider(Start);
        var off = new SessionLifetime(Microsoft.Extensions.Options.Options.Create(new CookieStateOptions()), clock);
        var header = Persistent(Start).Header;

        Assert.False(off.IsPersistent(header));
        Assert.Null(off.CookieExpiresAt(header));
        Assert.Equal(TimeSpan.FromMinutes(20), off.EffectiveIdleTimeout(header));
        Assert.Equal(Start + TimeSpan.FromHours(12), off.AbsoluteExpiresAt(header));
    }

    [Theory]
    [InlineData(30, false, CookieStateFormat.Envelope, true)]
    [InlineData(400, false, CookieStateFormat.Jose, true)]
    [InlineData(401, false, CookieStateFormat.Envelope, false)]
    [InlineData(30, true, CookieStateFormat.Envelope, false)]
    [InlineData(30, false, CookieStateFormat.DataProtection, false)]
    public void MaxPersistentLifetime_lies_within_400_days_and_needs_header_version_4(int days, bool legacyHeader, CookieStateFormat format, bool valid)
    {
        var options = new CookieStateOptions { MaxPersistentLifetime = TimeSpan.FromDays(days), WriteLegacyHeader = legacyHeader, Format = format };

        var result = new CookieStateOptionsValidator().Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
    }
}
