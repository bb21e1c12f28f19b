using System.Net;
using CookieState.Sample.Tests.Infrastructure;

namespace CookieState.Sample.Tests;

public sealed class AccountTests(SampleFactory factory) : IClassFixture<SampleFactory>
{
    [Fact]
    public async Task Sign_in_requires_a_name()
    {
        using var client = factory.CreateSampleClient();

        var page = await client.SignInAsync("");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("/Account/SignIn", page.Path);
        Assert.Contains("Please enter a name.", page.Body);
        Assert.Null(page.TestId("user-name"));
    }

    [Fact]
    public async Task Sign_in_regenerates_the_session_id_and_keeps_the_cart()
    {
        using var client = factory.CreateSampleClient();
        await client.AddToCartAsync("grinder");
        var before = await client.SessionIdAsync();
        Assert.Equal(before, await client.SessionIdAsync()); // stable while nothing happens

        var page = await client.SignInAsync("  Ada  ");

        Assert.Equal("/Shop", page.Path);
        Assert.Equal("Ada", page.TestId("user-name"));
        Assert.Contains("Welcome, Ada.", page.Body);
        Assert.Equal("€79.00", page.TestId("cart-total"));
        var after = await client.SessionIdAsync();
        Assert.NotEqual(before, after);
        Assert.Equal(after, await client.SessionIdAsync());
    }

    [Fact]
    public async Task Sign_in_returns_to_a_local_url_only()
    {
        using var client = factory.CreateSampleClient();

        var local = await client.SubmitAsync("/Account/SignIn", "/Account/SignIn", ("Name", "Ada"), ("ReturnUrl", "/Inspector"));
        var external = await client.PostFormAsync("/Account/SignIn", "/Account/SignIn", ("Name", "Ada"), ("ReturnUrl", "https://example.com/"));

        Assert.Equal("/Inspector", local.Path);
        Assert.Equal("/Shop", external.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Sign_out_abandons_the_session_expiring_its_cookies()
    {
        using var client = factory.CreateSampleClient();
        await client.AddToCartAsync("yirg");
        await client.SignInAsync("Ada");
        await client.AddRandomDataAsync(4); // two chunk cookies, so both must be expired
        Assert.Equal(2, client.SessionCookies.Count);
        var signedInId = await client.SessionIdAsync();

        using var response = await client.PostFormAsync("/Shop", "/Account/SignOut");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var expired = response.Headers.GetValues("Set-Cookie")
            .Where(h => h.StartsWith(".CookieState", StringComparison.Ordinal))
            .ToArray();
        Assert.Equal(2, expired.Length);
        Assert.All(expired, h => Assert.Contains("expires=Thu, 01 Jan 1970", h, StringComparison.OrdinalIgnoreCase));
        Assert.Empty(client.SessionCookies);

        var page = await client.FollowAsync(response);
        Assert.Equal("/Account/SignedOut", page.Path);
        Assert.Null(page.TestId("user-name"));
        Assert.Equal("0", page.TestId("cart-count"));
        Assert.NotEqual(signedInId, await client.SessionIdAsync());
    }

    [Fact]
    public async Task Sign_out_makes_a_copied_session_cookie_worthless()
    {
        using var client = factory.CreateSampleClient();
        await client.SignInAsync("Ada");
        using var thief = factory.CreateSampleClient();
        thief.Cookies.Add(client.Cookies.GetAllCookies());
        Assert.Equal("Ada", (await thief.GetPageAsync("/Shop")).TestId("user-name"));

        await client.PostFormAsync("/Shop", "/Account/SignOut");

        var stolen = await thief.GetPageAsync("/Shop");
        Assert.Null(stolen.TestId("user-name"));
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_the_users_sessions_in_other_browsers_only()
    {
        using var laptop = factory.CreateSampleClient();
        using var phone = factory.CreateSampleClient();
        using var someoneElse = factory.CreateSampleClient();
        await laptop.SignInAsync("Grace");
        await phone.SignInAsync("Grace");
        await someoneElse.SignInAsync("Linus");

        using var response = await laptop.PostFormAsync("/Shop", "/Account/SignOutEverywhere");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Null((await phone.GetPageAsync("/Shop")).TestId("user-name"));
        Assert.Null((await laptop.GetPageAsync("/Shop")).TestId("user-name"));
        Assert.Equal("Linus", (await someoneElse.GetPageAsync("/Shop")).TestId("user-name"));
    }

    [Fact]
    public async Task Keep_me_signed_in_makes_the_session_persistent_and_sign_out_everywhere_still_ends_it()
    {
        using var laptop = factory.CreateSampleClient();
        using var phone = factory.CreateSampleClient();
        await laptop.SignInAsync("Hedy");
        await phone.SubmitAsync("/Account/SignIn", "/Account/SignIn", ("Name", "Hedy"), ("RememberMe", "true"));

        Assert.StartsWith("yes", (await phone.GetPageAsync("/Inspector")).TestId("persistent"), StringComparison.Ordinal);
        Assert.StartsWith("no", (await laptop.GetPageAsync("/Inspector")).TestId("persistent"), StringComparison.Ordinal);

        using var response = await laptop.PostFormAsync("/Shop", "/Account/SignOutEverywhere");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Null((await phone.GetPageAsync("/Shop")).TestId("user-name"));
    }

    [Fact]
    public async Task A_node_writing_the_DataProtection_format_starts_and_keeps_me_signed_in_only_for_the_browser_session()
    {
        using var legacy = SampleFactory.With(new Dictionary<string, string?> { ["CookieState:Format"] = "DataProtection" });
        using var client = legacy.CreateSampleClient();

        var page = await client.SubmitAsync("/Account/SignIn", "/Account/SignIn", ("Name", "Hedy"), ("RememberMe", "true"));

        Assert.Equal("Hedy", page.TestId("user-name"));
        Assert.StartsWith("no", (await client.GetPageAsync("/Inspector")).TestId("persistent"), StringComparison.Ordinal);
    }
}
