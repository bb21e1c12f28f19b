using CookieState.Tests.Infrastructure;
using CookieState.Tests.Security;

namespace CookieState.Tests.Hardening;

/// <summary>A cookie claiming to be sealed in the future beyond clock skew is refused; small skew between nodes is fine.</summary>
public sealed class FutureTimestampTests
{
    [Theory]
    [InlineData(4, "1")]
    [InlineData(6, "(null)")]
    public async Task A_cookie_from_a_node_whose_clock_runs_ahead_is_read_within_the_skew_and_refused_beyond_it(int minutesAhead, string expected)
    {
        await using var host = await SecurityHost.StartAsync();
        using var aheadNode = new PipelineHarness(keyDirectory: host.Host.KeyDirectory);
        aheadNode.Clock.SetUtcNow(host.Host.Clock.GetUtcNow() + TimeSpan.FromMinutes(minutesAhead));
        var cookies = aheadNode.Seal(aheadNode.NewState([new("a", "1"u8.ToArray())]));

        using var response = await host.SendRawAsync("/get/a", RequestCookie.Header(cookies));

        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
        Assert.Equal(expected == "1" ? [] : ["Rejected:IssuedInFuture"], host.Events);
    }
}
