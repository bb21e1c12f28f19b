using System.Net;
using CookieState.Sample.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CookieState.Sample.Tests;

/// <summary>
/// The sample on real Kestrel, clicked through by Debian's headless Chromium under Playwright. The browser is the system
/// one: no Playwright browser download is ever needed or attempted.
/// </summary>
public sealed class BrowserTests
{

    [Fact]
    public async Task Shopper_clicks_through_cart_big_state_sign_in_and_checkout()
    {
        SystemChromium.AssertInstalled();
        using var factory = new SampleFactory();
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var baseUrl = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = SystemChromium.ExecutablePath,
            Headless = true,
            Args = SystemChromium.Args,
        });
        await using var context = await browser.NewContextAsync(new() { BaseURL = baseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();

        // The cart.
        await page.GotoAsync("/Shop");
        await Expect(page.GetByTestId("cart-empty")).ToBeVisibleAsync();
        await page.GetByTestId("add-yirg").ClickAsync();
        await Expect(page.GetByTestId("cart-count")).ToHaveTextAsync("1");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Added Yirgacheffe beans to your cart.");
        await page.GetByTestId("add-grinder").ClickAsync();
        await Expect(page.GetByTestId("cart-count")).ToHaveTextAsync("2");
        await page.GetByLabel("Quantity of Yirgacheffe beans").FillAsync("3");
        await page.Locator("[data-line=yirg]").GetByRole(AriaRole.Button, new() { Name = "Update" }).ClickAsync();
        await Expect(page.GetByTestId("cart-count")).ToHaveTextAsync("4");
        await Expect(page.GetByTestId("cart-total")).ToHaveTextAsync("€116.50");
        Assert.Equal([".CookieState"], await SessionCookieNamesAsync(context));
        await SaveScreenshotAsync(page, "shop.png");

        // Grow the state until it takes two chunk cookies.
        await page.GotoAsync("/BigState");
        await page.GetByLabel("Kilobytes of random data").FillAsync("2");
        await page.GetByTestId("add-blob").ClickAsync();
        await Expect(page.GetByTestId("cookie-count")).ToHaveTextAsync("1");
        await page.GetByLabel("Kilobytes of random data").FillAsync("2");
        await page.GetByTestId("add-blob").ClickAsync();
        await Expect(page.GetByTestId("cookie-count")).ToHaveTextAsync("2");
        await SaveScreenshotAsync(page, "big-state.png");

        var cookies = (await context.CookiesAsync()).Where(c => c.Name.StartsWith(".CookieState", StringComparison.Ordinal)).ToArray();
        Assert.Equal([".CookieState", ".CookieStateC2"], cookies.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(cookies, c => Assert.True(c.HttpOnly, $"{c.Name} is not HttpOnly"));
        Assert.All(cookies, c => Assert.Equal(SameSiteAttribute.Lax, c.SameSite));
        Assert.All(cookies, c => Assert.Equal("/", c.Path));

        // One step too far: a friendly page, and the state is left as it was.
        await page.GetByLabel("Kilobytes of random data").FillAsync("16");
        await page.GetByTestId("add-blob").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "That would not fit in the cookies" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("overflow-limit")).ToHaveTextAsync("7,000");
        await SaveScreenshotAsync(page, "too-big.png");
        Assert.Equal([".CookieState", ".CookieStateC2"], await SessionCookieNamesAsync(context));

        // The inspector, reloaded: the browser sent both chunks back and they joined.
        await page.GotoAsync("/Inspector");
        await page.ReloadAsync();
        await Expect(page.GetByTestId("cookie-count")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("request-cookies")).ToContainTextAsync(".CookieStateC2");
        await Expect(page.GetByTestId("session-state")).ToHaveTextAsync("carried by this request's cookies");
        await Expect(page.Locator("tr[data-key='big:02']")).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-key='cart']")).ToContainTextAsync("{\"yirg\":3,\"grinder\":1}");
        await SaveScreenshotAsync(page, "inspector.png");
        var idBeforeSignIn = await page.GetByTestId("session-id").TextContentAsync();

        // Sign in: new session id, same cart.
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByLabel("Your name").FillAsync("Ada");
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Ada");
        await Expect(page.GetByTestId("cart-count")).ToHaveTextAsync("4");
        await page.GotoAsync("/Inspector");
        await Expect(page.GetByTestId("session-id")).Not.ToHaveTextAsync(idBeforeSignIn!);
        await Expect(page.GetByTestId("cookie-count")).ToHaveTextAsync("2");

        // Drop the random data: the second chunk cookie is expired.
        await page.GotoAsync("/BigState");
        await page.GetByTestId("clear-blobs").ClickAsync();
        await Expect(page.GetByTestId("cookie-count")).ToHaveTextAsync("1");
        Assert.Equal([".CookieState"], await SessionCookieNamesAsync(context));

        // The checkout wizard, with validation and a step back.
        await page.GetByRole(AriaRole.Link, new() { Name = "Checkout", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Where should we send it?" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to delivery" }).ClickAsync();
        await Expect(page.GetByText("Please enter the recipient's name.")).ToBeVisibleAsync();
        await SaveScreenshotAsync(page, "checkout-address-errors.png");
        await page.GetByLabel("Full name").FillAsync("Ada Lovelace");
        await page.GetByLabel("Street and number").FillAsync("12 Analytical Row");
        await page.GetByLabel("Postal code").FillAsync("NW1 2AB");
        await page.GetByLabel("City").FillAsync("London");
        await page.GetByLabel("Country").FillAsync("United Kingdom");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to delivery" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Review the order" }).ClickAsync();
        await Expect(page.GetByText("Please choose a delivery method.")).ToBeVisibleAsync();
        await page.Locator("input[name=Method][value=Express]").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Back to address" }).ClickAsync();
        await Expect(page.GetByLabel("Full name")).ToHaveValueAsync("Ada Lovelace");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to delivery" }).ClickAsync();
        await Expect(page.Locator("input[name=Method][value=Express]")).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Review the order" }).ClickAsync();

        await Expect(page.GetByTestId("review-delivery")).ToHaveTextAsync("Express courier");
        await Expect(page.GetByTestId("review-total")).ToHaveTextAsync("€126.40");
        await SaveScreenshotAsync(page, "checkout-review.png");
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you, Ada Lovelace!" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("cart-count")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Ada");

        await page.GotoAsync("/Inspector");
        await Expect(page.Locator("tr[data-key='checkout:last-order']")).ToBeVisibleAsync();
        await SaveScreenshotAsync(page, "inspector-after-order.png");

        // Sign out: every session cookie is gone from the browser.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You are signed out" })).ToBeVisibleAsync();
        Assert.Empty(await SessionCookieNamesAsync(context));
    }

    private static async Task<string[]> SessionCookieNamesAsync(IBrowserContext context) =>
        (await context.CookiesAsync())
            .Select(c => c.Name)
            .Where(n => n.StartsWith(".CookieState", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static async Task SaveScreenshotAsync(IPage page, string fileName)
    {
        var folder = Environment.GetEnvironmentVariable("COOKIESTATE_ARTIFACTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, fileName), FullPage = true });
    }
}
