using System.Net;
using CookieState.Sample.Tests.Infrastructure;

namespace CookieState.Sample.Tests;

public sealed class ShopTests(SampleFactory factory) : IClassFixture<SampleFactory>
{
    [Fact]
    public async Task Shop_lists_the_catalogue_with_an_empty_cart()
    {
        using var client = factory.CreateSampleClient();

        var page = await client.GetPageAsync("/Shop");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Yirgacheffe beans", page.Body);
        Assert.Contains("Hand grinder", page.Body);
        Assert.NotNull(page.TestId("cart-empty"));
        Assert.Equal("0", page.TestId("cart-count"));
        Assert.Empty(client.SessionCookies);
    }

    [Fact]
    public async Task Cart_keeps_items_across_requests_and_totals_them()
    {
        using var client = factory.CreateSampleClient();

        await client.AddToCartAsync("yirg");
        await client.AddToCartAsync("yirg");
        var page = await client.AddToCartAsync("dripper");

        Assert.Equal("/Shop", page.Path);
        Assert.Contains("Added Pour-over dripper to your cart.", page.Body);
        Assert.Equal("3", page.TestId("cart-count"));
        Assert.Equal("€25.00", page.TestId("subtotal-yirg"));
        Assert.Equal("€49.00", page.TestId("cart-total"));
        Assert.Single(client.SessionCookies);

        // A fresh GET, i.e. only what the cookie carries.
        page = await client.GetPageAsync("/Shop");
        Assert.Equal("€49.00", page.TestId("cart-total"));
        Assert.DoesNotContain("Added Pour-over dripper", page.Body);
    }

    [Fact]
    public async Task Quantity_can_be_changed_and_lines_removed()
    {
        using var client = factory.CreateSampleClient();
        await client.AddToCartAsync("huila");
        await client.AddToCartAsync("filters");

        var page = await client.SetQuantityAsync("huila", 4);
        Assert.Equal("€44.00", page.TestId("subtotal-huila"));
        Assert.Equal("€49.50", page.TestId("cart-total"));
        Assert.Equal("5", page.TestId("cart-count"));

        page = await client.SetQuantityAsync("filters", 0);
        Assert.Null(page.TestId("subtotal-filters"));
        Assert.Equal("€44.00", page.TestId("cart-total"));

        page = await client.RemoveFromCartAsync("huila");
        Assert.NotNull(page.TestId("cart-empty"));
        Assert.Equal("0", page.TestId("cart-count"));
    }

    [Fact]
    public async Task Out_of_range_quantity_is_refused_with_a_message()
    {
        using var client = factory.CreateSampleClient();
        await client.AddToCartAsync("blend");

        var page = await client.SetQuantityAsync("blend", 1000);

        Assert.Contains("Please choose a quantity between 0 and 99.", page.Body);
        Assert.Equal("€32.00", page.TestId("cart-total"));
    }

    [Fact]
    public async Task Unknown_product_is_a_friendly_404()
    {
        using var client = factory.CreateSampleClient();

        var page = await client.AddToCartAsync("no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("Page not found", page.Body);
    }

    [Fact]
    public async Task Two_clients_have_separate_carts()
    {
        using var alice = factory.CreateSampleClient();
        using var bob = factory.CreateSampleClient();

        await alice.AddToCartAsync("grinder");
        var bobs = await bob.AddToCartAsync("filters");

        Assert.Equal("€5.50", bobs.TestId("cart-total"));
        Assert.Equal("€79.00", (await alice.GetPageAsync("/Shop")).TestId("cart-total"));
    }
}
