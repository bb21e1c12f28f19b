using System.Net;
using CookieState.Sample.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CookieState.Sample.Tests;

/// <summary>
/// "Keep me signed in" in a real browser: Chromium closed and launched again on the same profile folder keeps a persistent
/// session and drops a browser-session one.
/// </summary>
public sealed class RememberMeBrowserTests
{

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_persistent_session_survives_relaunching_Chromium_and_a_browser_session_one_does_not(bool rememberMe)
    {
        SystemChromium.AssertInstalled();
        using var factory = new SampleFactory();
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var baseUrl = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var profile = Directory.CreateTempSubdirectory("cookiestate-chromium-profile-").FullName;
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using (var first = await LaunchAsync(playwright, profile, baseUrl))
            {
                var page = await first.NewPageAsync();
                await page.GotoAsync("/Account/SignIn");
                var box = page.GetByTestId("remember-me");
                await Expect(box).Not.ToBeCheckedAsync();
                await page.GetByLabel("Your name").FillAsync("Ann");
                if (rememberMe)
                {
                    await box.CheckAsync();
                }

                await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
                await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Ann");

                var session = (await first.CookiesAsync()).Single(c => c.Name == ".CookieState");

                // Playwright reports a browser-session cookie's expiry as -1.
                Assert.Equal(rememberMe, session.Expires > 0);
            }

            await using var second = await LaunchAsync(playwright, profile, baseUrl);
            var again = second.Pages.Count > 0 ? second.Pages[0] : await second.NewPageAsync();
            await again.GotoAsync("/Shop");
            if (rememberMe)
            {
                await Expect(again.GetByTestId("user-name")).ToHaveTextAsync("Ann");
            }
            else
            {
                await Expect(again.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
                await Expect(again.GetByTestId("user-name")).ToHaveCountAsync(0);
            }
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp profile is harmless.
            }
        }
    }

    private static Task<IBrowserContext> LaunchAsync(IPlaywright playwright, string profile, string baseUrl) =>
        playwright.Chromium.LaunchPersistentContextAsync(profile, new()
        {
            ExecutablePath = SystemChromium.ExecutablePath,
            Headless = true,
            BaseURL = baseUrl,
            Args = SystemChromium.Args,
        });
}
