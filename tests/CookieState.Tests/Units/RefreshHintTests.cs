using CookieState.Protection;

namespace CookieState.Tests.Units;

/// <summary>The cleartext refresh hint agrees with the sealed time: it never says "not yet" when the sealed time says "due".</summary>
public sealed class RefreshHintTests
{
    private static readonly DateTimeOffset Due = new(2026, 11, 23, 12, 10, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(9_999_999, 0)]
    [InlineData(10_000_000, 1)]
    public void The_hint_is_the_due_time_rounded_down_to_the_second(long ticks, long seconds)
    {
        Assert.Equal((uint)(Due.ToUnixTimeSeconds() + seconds), RefreshHint.FromTime(Due.AddTicks(ticks)));
    }

    [Fact]
    public void A_request_at_the_sealed_due_time_finds_the_hint_due()
    {
        // A due time with a fraction of a second: rounded up, the hint would say "not yet" for most of that second.
        var refreshAfter = Due.AddMilliseconds(400);

        Assert.True(refreshAfter >= DateTimeOffset.FromUnixTimeSeconds(RefreshHint.FromTime(refreshAfter)));
    }
}
