using System.Net;
using CookieState.Sample.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CookieState.Sample.Tests;

/// <summary>
/// Partitions in a real browser: the sample's parallel page fires eight <c>fetch</c> calls at once, each adding to its own
/// partition, and eight that only read; Chromium applies each response's <c>Set-Cookie</c> as it arrives. Every addition
/// of every round survives.
/// </summary>
public sealed class ParallelBrowserTests
{
    private const int Rounds = 4;

    [Fact]
    public async Task Eight_parallel_fetches_each_adding_to_its_own_partition_all_survive()
    {
        SystemChromium.AssertInstalled();
        var partitions = Enumerable.Range(0, 8).Select(i => $"box{i}").ToArray();
        var settings = partitions.Select((p, i) => KeyValuePair.Create($"CookieState:Partitions:{i}", (string?)p)).ToDictionary();
        using var factory = SampleFactory.With(settings);
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
        await using var context = await browser.NewContextAsync(new() { BaseURL = baseUrl });
        var page = await context.NewPageAsync();
        var failures = new List<string>();
        page.PageError += (_, error) => failures.Add(error);

        await page.GotoAsync("/Parallel");

        // The session must exist before requests race: parallel requests without one would each start their own.
        await page.EvaluateAsync("() => fetch('/api/parallel/box0', { method: 'POST', headers: { 'RequestVerificationToken': document.querySelector('#token input').value } })");
        await page.ReloadAsync();
        await Expect(page.GetByTestId("count-box0")).ToHaveTextAsync("1");

        for (var round = 1; round <= Rounds; round++)
        {
            await page.GetByTestId("fire").ClickAsync();
            await Expect(page.GetByTestId("rounds")).ToHaveTextAsync(round.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Empty(failures);
        foreach (var partition in partitions)
        {
            var expected = Rounds + (partition == "box0" ? 1 : 0);
            await Expect(page.GetByTestId($"count-{partition}")).ToHaveTextAsync(expected.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        // A fresh page load reads what the browser holds: nothing was lost in the cookie jar either.
        await page.ReloadAsync();
        foreach (var partition in partitions)
        {
            var expected = Rounds + (partition == "box0" ? 1 : 0);
            await Expect(page.GetByTestId($"count-{partition}")).ToHaveTextAsync(expected.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var names = (await context.CookiesAsync()).Select(c => c.Name).Where(n => n.StartsWith(".CookieState", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal([".CookieState", .. partitions.Select(p => ".CookieState." + p)], names);
    }
}
