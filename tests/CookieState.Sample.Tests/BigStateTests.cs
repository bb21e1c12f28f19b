using System.Net;
using CookieState.Sample.Tests.Infrastructure;

namespace CookieState.Sample.Tests;

public sealed class BigStateTests(SampleFactory factory) : IClassFixture<SampleFactory>
{
    [Fact]
    public async Task Small_state_takes_one_cookie()
    {
        using var client = factory.CreateSampleClient();

        var page = await client.AddRandomDataAsync(1);

        Assert.Equal("/BigState", page.Path);
        Assert.Contains("Added 1 KB of random data as &#x27;big:01&#x27;.", page.Body);
        Assert.Equal(1, page.CookieCount);
        Assert.Equal([".CookieState"], client.SessionCookies.Select(c => c.Name));
    }

    [Fact]
    public async Task Growing_state_is_split_into_chunk_cookies()
    {
        using var client = factory.CreateSampleClient();
        await client.AddRandomDataAsync(2);

        await client.AddRandomDataAsync(2);

        Assert.Equal([".CookieState", ".CookieStateC2"], client.SessionCookies.Select(c => c.Name));
        Assert.All(client.SessionCookies, c => Assert.True(c.HttpOnly));
        Assert.All(client.SessionCookies, c => Assert.True(c.Name.Length + 1 + c.Value.Length <= 4050));
        var inspector = await client.GetPageAsync("/Inspector");
        Assert.True(inspector.CookieCount >= 2, $"The inspector shows {inspector.CookieCount} cookies.");
        Assert.Contains("<code>.CookieStateC2</code>", inspector.Body);
        Assert.Contains("data-testid=\"request-cookies\"", inspector.Body);
        Assert.Contains("data-key=\"big:02\"", inspector.Body);
    }

    [Fact]
    public async Task Going_over_the_budget_shows_a_friendly_page_and_changes_nothing()
    {
        using var client = factory.CreateSampleClient();
        await client.AddRandomDataAsync(4);
        var cookiesBefore = client.SessionCookies.Select(c => c.Value).ToArray();

        using var response = await client.PostFormAsync("/BigState", "/BigState/Add", ("kilobytes", "4"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("That would not fit in the cookies", body);
        Assert.Contains("data-testid=\"overflow-limit\">7,000<", body);
        Assert.Contains("<code>big:01</code>", body);
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain(" at CookieState.", body);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal(cookiesBefore, client.SessionCookies.Select(c => c.Value));

        var page = await client.GetPageAsync("/BigState");
        Assert.Contains("<code>big:01</code>", page.Body);
        Assert.DoesNotContain("<code>big:02</code>", page.Body);
    }

    [Fact]
    public async Task Removing_the_data_expires_the_extra_chunk_cookie()
    {
        using var client = factory.CreateSampleClient();
        await client.AddToCartAsync("yirg");
        await client.AddRandomDataAsync(4);
        Assert.Equal(2, client.SessionCookies.Count);

        var page = await client.SubmitAsync("/BigState", "/BigState/Clear");

        Assert.Equal(1, page.CookieCount);
        Assert.Equal([".CookieState"], client.SessionCookies.Select(c => c.Name));
        Assert.Equal("1", page.TestId("cart-count"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("17")]
    [InlineData("lots")]
    public async Task Out_of_range_sizes_are_refused_with_a_message(string kilobytes)
    {
        using var client = factory.CreateSampleClient();

        var page = await client.SubmitAsync("/BigState", "/BigState/Add", ("kilobytes", kilobytes));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Please choose between 1 and 16 KB.", page.Body);
    }
}
