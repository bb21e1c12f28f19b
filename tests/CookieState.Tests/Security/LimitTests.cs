using CookieState.Tests.Infrastructure;

namespace CookieState.Tests.Security;

/// <summary>MaxKeyCount, MaxKeyLength and MaxCookieSize hold on write (with a clear error) and on read (rejected as Oversized).</summary>
public sealed class LimitTests
{
    [Fact]
    public async Task Key_length_limit_is_a_clear_error_on_write()
    {
        await using var host = await SecurityHost.StartAsync(o => o.MaxKeyLength = 16);
        var jar = new CookieJar();

        Assert.Equal("ok", await host.Host.GetStringAsync("/try-key/16", jar));
        var refused = await host.Host.GetStringAsync("/try-key/17", jar);

        Assert.StartsWith("ArgumentOutOfRangeException", refused);
        Assert.Contains("MaxKeyLength allows 16", refused);
    }

    [Fact]
    public async Task Key_count_limit_is_a_clear_error_on_write()
    {
        await using var host = await SecurityHost.StartAsync(o => o.MaxKeyCount = 3);
        var jar = new CookieJar();

        var refused = await host.Host.GetStringAsync("/try-keys/4", jar);

        Assert.StartsWith("CookieStateOverflowException", refused);
        Assert.Contains("MaxKeyCount", refused);
    }

    [Fact]
    public async Task Size_budget_is_a_clear_error_on_write_and_the_previous_cookie_stays()
    {
        await using var host = await SecurityHost.StartAsync();
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/a/1", jar);
        var before = jar.Cookies.ToDictionary();

        var refused = await host.Host.GetStringAsync("/try-fill/8", jar);

        Assert.StartsWith("CookieStateOverflowException", refused);
        Assert.Contains("MaxCookieSize", refused);
        Assert.Equal(before, jar.Cookies);
        Assert.Equal("1", await host.Host.GetStringAsync("/get/a", jar));
    }

    [Fact]
    public async Task Too_many_keys_on_read_is_rejected_as_oversized()
    {
        await using var host = await SecurityHost.StartAsync(o => o.MaxKeyCount = 3);
        var sealedCookies = host.SealCrafted(CraftedPayloads.Entries(Enumerable.Range(0, 4).Select(i => ("k" + i, new byte[] { 1 }))));

        using var response = await host.SendRawAsync("/count-keys", SecurityHost.Header(sealedCookies));

        Assert.Equal("0", await response.Content.ReadAsStringAsync());
        Assert.Equal(["Rejected:Oversized"], host.Events);
    }

    [Fact]
    public async Task Too_long_a_key_on_read_is_rejected_as_oversized()
    {
        await using var host = await SecurityHost.StartAsync(o => o.MaxKeyLength = 16);
        var sealedCookies = host.SealCrafted(CraftedPayloads.Entries([(new string('k', 17), [1])]));

        using var response = await host.SendRawAsync("/count-keys", SecurityHost.Header(sealedCookies));

        Assert.Equal("0", await response.Content.ReadAsStringAsync());
        Assert.Equal(["Rejected:Oversized"], host.Events);
    }

    [Fact]
    public async Task Too_many_bytes_on_read_is_rejected_as_oversized_before_any_cryptography()
    {
        // Sealed honestly by a node with a larger budget, read by one with the default budget.
        await using var large = await SecurityHost.StartAsync(o => o.MaxCookieSize = 32 * 1024);
        var jar = new CookieJar();
        Assert.Equal("ok", await large.Host.GetStringAsync("/try-fill/8", jar));
        await using var host = await SecurityHost.StartAsync();

        using var response = await host.SendRawAsync("/bloblength", string.Join("; ", jar.Cookies.Select(c => c.Key + "=" + c.Value)));

        Assert.Equal("0", await response.Content.ReadAsStringAsync());
        Assert.Equal(["Rejected:Oversized"], host.Events);
    }
}
