using System.Net;
using CookieState.Sample.Tests.Infrastructure;

namespace CookieState.Sample.Tests;

public sealed class CheckoutTests(SampleFactory factory) : IClassFixture<SampleFactory>
{
    [Fact]
    public async Task Checkout_with_an_empty_cart_goes_back_to_the_shop()
    {
        using var client = factory.CreateSampleClient();

        var page = await client.GetPageAsync("/Checkout");

        Assert.Equal("/Shop", page.Path);
        Assert.Contains("Your cart is empty: add something before checking out.", page.Body);
    }

    [Fact]
    public async Task Later_steps_redirect_to_the_first_unfinished_one()
    {
        using var client = factory.CreateSampleClient();
        await client.AddToCartAsync("yirg");

        Assert.Equal("/Checkout/Address", (await client.GetPageAsync("/Checkout/Review")).Path);
        Assert.Equal("/Checkout/Address", (await client.GetPageAsync("/Checkout/Delivery")).Path);
    }

    [Fact]
    public async Task Address_step_validates_and_shows_errors()
    {
        using var client = factory.CreateSampleClient();
        await client.AddToCartAsync("yirg");

        var page = await client.SubmitAsync("/Checkout/Address", "/Checkout/Address",
            ("FullName", "Ada"), ("Street", ""), ("PostalCode", "!"), ("City", "London"), ("Country", ""), ("nav", "next"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("/Checkout/Address", page.Path);
        Assert.Contains("Please enter the street and number.", page.Body);
        Assert.Contains("That does not look like a postal code.", page.Body);
        Assert.Contains("Please enter the country.", page.Body);
        Assert.Contains("value=\"Ada\"", page.Body);

        // Invalid answers are not kept.
        page = await client.GetPageAsync("/Checkout/Delivery");
        Assert.Equal("/Checkout/Address", page.Path);
        Assert.DoesNotContain("value=\"Ada\"", page.Body);
    }

    [Fact]
    public async Task Wizard_goes_back_and_forth_keeping_answers()
    {
        using var client = factory.CreateSampleClient();
        await client.AddToCartAsync("dripper");

        var page = await client.SubmitAsync("/Checkout/Address", "/Checkout/Address", SampleSteps.ValidAddress());
        Assert.Equal("/Checkout/Delivery", page.Path);

        // Delivery without a method: validation.
        page = await client.SubmitAsync("/Checkout/Delivery", "/Checkout/Delivery", ("Instructions", "Ring twice"), ("nav", "next"));
        Assert.Equal("/Checkout/Delivery", page.Path);
        Assert.Contains("Please choose a delivery method.", page.Body);

        // Back with a valid answer: kept, and the address is still there.
        page = await client.SubmitAsync("/Checkout/Delivery", "/Checkout/Delivery", ("Method", "Express"), ("Instructions", "Ring twice"), ("nav", "back"));
        Assert.Equal("/Checkout/Address", page.Path);
        Assert.Contains("value=\"Ada Lovelace\"", page.Body);
        Assert.Contains("value=\"NW1 2AB\"", page.Body);

        // Forward again: the delivery answer was kept too.
        page = await client.SubmitAsync("/Checkout/Address", "/Checkout/Address", SampleSteps.ValidAddress());
        Assert.Equal("/Checkout/Delivery", page.Path);
        Assert.Matches("value=\"Express\"\\s+checked=\"checked\"|checked=\"checked\"\\s+value=\"Express\"", page.Body);
        Assert.Contains("Ring twice", page.Body);

        page = await client.SubmitAsync("/Checkout/Delivery", "/Checkout/Delivery", ("Method", "Express"), ("Instructions", "Ring twice"), ("nav", "next"));
        Assert.Equal("/Checkout/Review", page.Path);
        Assert.Equal("Express courier", page.TestId("review-delivery"));
        Assert.Equal("€33.90", page.TestId("review-total"));

        // Back from review lands on delivery.
        page = await client.SubmitAsync("/Checkout/Review", "/Checkout/Review", ("nav", "back"));
        Assert.Equal("/Checkout/Delivery", page.Path);
    }

    [Fact]
    public async Task Placing_the_order_confirms_it_and_clears_the_wizard_and_cart()
    {
        using var client = factory.CreateSampleClient();
        await client.AddToCartAsync("blend");
        await client.AddToCartAsync("blend");
        await client.SubmitAsync("/Checkout/Address", "/Checkout/Address", SampleSteps.ValidAddress("Grace Hopper"));
        await client.SubmitAsync("/Checkout/Delivery", "/Checkout/Delivery", ("Method", "Standard"), ("nav", "next"));

        var page = await client.SubmitAsync("/Checkout/Review", "/Checkout/Review", ("nav", "place"));

        Assert.Equal("/Checkout/Confirmation", page.Path);
        Assert.Contains("Thank you, Grace Hopper!", page.Body);
        Assert.Contains("€64.00", page.Text); // free standard shipping from €50
        Assert.Matches("^[A-Z2-9]{8}$", page.TestId("order-number"));
        Assert.Equal("0", page.TestId("cart-count"));

        var inspector = await client.GetPageAsync("/Inspector");
        Assert.Contains("data-key=\"checkout:last-order\"", inspector.Body);
        Assert.DoesNotContain("data-key=\"checkout:address\"", inspector.Body);
        Assert.DoesNotContain("data-key=\"checkout:delivery\"", inspector.Body);
        Assert.DoesNotContain("data-key=\"cart\"", inspector.Body);

        // The wizard starts over.
        Assert.Equal("/Shop", (await client.GetPageAsync("/Checkout/Review")).Path);
    }

    [Fact]
    public async Task Oversized_answers_are_refused_by_validation_not_by_the_cookie_budget()
    {
        using var client = factory.CreateSampleClient();
        await client.AddToCartAsync("filters");
        await client.SubmitAsync("/Checkout/Address", "/Checkout/Address", SampleSteps.ValidAddress());

        var page = await client.SubmitAsync("/Checkout/Delivery", "/Checkout/Delivery",
            ("Method", "Pickup"), ("Instructions", new string('x', 20_000)), ("nav", "back"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("/Checkout/Address", page.Path);
        Assert.Equal("/Checkout/Delivery", (await client.GetPageAsync("/Checkout/Review")).Path);
    }
}
