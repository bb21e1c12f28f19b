using System.Net;
using CookieState.Sample.Tests.Infrastructure;

namespace CookieState.Sample.Tests;

/// <summary>With <c>Session:Store=InMemory</c> the same controllers and views run on the stock ASP.NET Core session.</summary>
public sealed class InMemoryStoreTests : IDisposable
{
    private readonly SampleFactory _factory = SampleFactory.InMemory();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Cart_works_with_only_a_session_id_cookie()
    {
        using var client = _factory.CreateSampleClient();

        await client.AddToCartAsync("yirg");
        var page = await client.AddToCartAsync("huila");

        Assert.Equal("€23.50", page.TestId("cart-total"));
        Assert.Contains("ASP.NET Core session (in memory)", page.Body);
        Assert.Empty(client.SessionCookies);
        Assert.Contains(client.Cookies.GetCookies(SampleClient.BaseAddress), c => c.Name == ".AspNetCore.Session");
    }

    [Fact]
    public async Task Inspector_shows_keys_and_na_for_cookie_details()
    {
        using var client = _factory.CreateSampleClient();
        await client.AddToCartAsync("yirg");

        var page = await client.GetPageAsync("/Inspector");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("n/a", page.TestId("session-state"));
        Assert.Equal("n/a", page.TestId("key-id"));
        Assert.StartsWith("n/a", page.TestId("cookie-count"));
        Assert.Contains("data-key=\"cart\"", page.Body);
        Assert.False(string.IsNullOrEmpty(page.TestId("session-id")));
    }

    [Fact]
    public async Task Sign_in_and_out_work()
    {
        using var client = _factory.CreateSampleClient();
        await client.AddToCartAsync("filters");

        var page = await client.SignInAsync("Ada");
        Assert.Equal("Ada", page.TestId("user-name"));
        Assert.Equal("1", page.TestId("cart-count"));

        page = await client.SubmitAsync("/Shop", "/Account/SignOut");
        Assert.Equal("/Account/SignedOut", page.Path);
        Assert.Null(page.TestId("user-name"));
        Assert.Equal("0", page.TestId("cart-count"));
    }

    [Fact]
    public async Task Big_state_has_no_cookie_budget_and_counter_counts()
    {
        using var client = _factory.CreateSampleClient();

        await client.AddRandomDataAsync(16);
        var page = await client.AddRandomDataAsync(16);

        Assert.Equal("/BigState", page.Path);
        Assert.Contains("<code>big:02</code>", page.Body);
        Assert.Equal("1", await client.Http.GetStringAsync("/api/counter"));
        Assert.Equal("2", await client.Http.GetStringAsync("/api/counter"));
        Assert.Equal("2", await client.Http.GetStringAsync("/api/counter/value"));
    }
}
