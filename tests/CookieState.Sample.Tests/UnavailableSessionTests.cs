using System.Net;
using CookieState.Sample.Tests.Infrastructure;
using CookieState.TestServers;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Sample.Tests;

/// <summary>
/// The revocation store (the shared IDistributedCache) down while revocation fails closed, the default: the sample answers
/// 503 with Retry-After instead of an empty session or a 500, leaves the client's cookies alone, and is back as it was
/// once the store answers.
/// </summary>
public sealed class UnavailableSessionTests
{
    [Fact]
    public async Task Counter_answers_503_and_keeps_the_cookies_while_the_store_is_down()
    {
        var cache = new FakeDistributedCache { Outage = static () => new TimeoutException("The cache is unreachable (injected).") };
        using var factory = SampleFactory.With(services: s => s.AddSingleton<IDistributedCache>(cache));
        using var client = factory.CreateSampleClient();
        Assert.Equal("1", await client.Http.GetStringAsync("/api/counter"));
        Assert.Equal("2", await client.Http.GetStringAsync("/api/counter"));
        var cookies = client.SessionCookies.Select(c => c.Value).ToArray();

        cache.Failing = CacheCalls.All;
        using var increment = await client.GetAsync("/api/counter");
        using var read = await client.GetAsync("/api/counter/value");

        foreach (var response in new[] { increment, read })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }

        Assert.Equal(cookies, client.SessionCookies.Select(c => c.Value));

        cache.Failing = CacheCalls.None;
        Assert.Equal("3", await client.Http.GetStringAsync("/api/counter"));
    }

    [Fact]
    public async Task A_form_that_changes_the_session_gets_the_503_page_and_the_cart_is_intact_afterwards()
    {
        var cache = new FakeDistributedCache { Outage = static () => new TimeoutException("The cache is unreachable (injected).") };
        using var factory = SampleFactory.With(services: s => s.AddSingleton<IDistributedCache>(cache));
        using var client = factory.CreateSampleClient();
        await client.AddToCartAsync("grinder");
        var token = (await client.GetPageAsync("/Shop")).AntiforgeryToken!;

        cache.Failing = CacheCalls.All;
        using var response = await client.PostRawAsync("/Shop/Add", ("productId", "yirg"), ("__RequestVerificationToken", token));
        var page = await client.FollowAsync(response);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), page.Response.Headers.RetryAfter?.Delta);
        Assert.Contains("Your session is briefly unavailable", page.Text);

        cache.Failing = CacheCalls.None;
        var shop = await client.GetPageAsync("/Shop");
        Assert.Equal("1", shop.TestId("cart-count"));
        Assert.Equal("€79.00", shop.TestId("cart-total"));
    }
}
