using System.Net;
using CookieState.Sample.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Sample.Tests;

/// <summary>Cross-cutting behaviour: antiforgery, X-Node, error pages, the counter API, configuration.</summary>
public sealed class PlatformTests(SampleFactory factory) : IClassFixture<SampleFactory>
{
    [Fact]
    public async Task Post_without_an_antiforgery_token_is_rejected_with_400()
    {
        using var client = factory.CreateSampleClient();
        await client.GetPageAsync("/Shop"); // has the antiforgery cookie, but sends no token

        using var response = await client.PostRawAsync("/Shop/Add", ("productId", "yirg"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("That form could not be accepted", body);
        Assert.Equal("0", (await client.GetPageAsync("/Shop")).TestId("cart-count"));
    }

    [Fact]
    public async Task Token_from_another_browser_is_rejected_with_400()
    {
        using var victim = factory.CreateSampleClient();
        using var attacker = factory.CreateSampleClient();
        var token = (await attacker.GetPageAsync("/Shop")).AntiforgeryToken!;

        using var response = await victim.PostRawAsync("/Account/SignIn", ("Name", "Mallory"), ("__RequestVerificationToken", token));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/Shop")]
    [InlineData("/Inspector")]
    [InlineData("/api/counter")]
    [InlineData("/api/counter/value")]
    [InlineData("/css/site.css")]
    [InlineData("/no/such/page")]
    public async Task Every_response_names_the_node(string path)
    {
        using var client = factory.CreateSampleClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(Environment.MachineName, Assert.Single(response.Headers.GetValues("X-Node")));
    }

    [Fact]
    public async Task Configured_node_name_shows_in_the_header_and_footer()
    {
        using var named = SampleFactory.With(new Dictionary<string, string?> { ["Node:Name"] = "node-a" });
        using var client = named.CreateSampleClient();

        var page = await client.GetPageAsync("/Shop");

        Assert.Equal("node-a", Assert.Single(page.Response.Headers.GetValues("X-Node")));
        Assert.Equal("node-a", page.TestId("node-name"));
    }

    [Fact]
    public async Task Unknown_page_is_a_friendly_404()
    {
        using var client = factory.CreateSampleClient();

        var page = await client.GetPageAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("Page not found", page.Body);
    }

    [Fact]
    public async Task Unhandled_exception_shows_the_friendly_error_page_without_a_stack_trace()
    {
        using var failing = SampleFactory.With(services: services =>
            services.Configure<MvcOptions>(o => o.Filters.Add(new FailOnBoomFilter())));
        using var client = failing.CreateSampleClient();

        using var response = await client.GetAsync("/Shop?boom=1");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("Something went wrong", body);
        Assert.DoesNotContain(nameof(FailOnBoomFilter), body);
        Assert.DoesNotContain("Boom for the test", body);
        Assert.True(response.Headers.Contains("X-Node"));
    }

    [Fact]
    public async Task Overflow_from_any_action_shows_the_session_full_page()
    {
        using var failing = SampleFactory.With(services: services =>
            services.Configure<MvcOptions>(o => o.Filters.Add(new FailOnBoomFilter())));
        using var client = failing.CreateSampleClient();
        await client.AddToCartAsync("yirg");

        using var response = await client.GetAsync("/Shop?full=1");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("That would not fit in the cookies", body);
        Assert.Contains("data-testid=\"overflow-limit\">7,000<", body);
        Assert.Contains("data-testid=\"cart-count\">1<", body);
        Assert.DoesNotContain("Exception", body);
    }

    [Fact]
    public async Task Counter_increments_in_the_session_and_value_only_reads()
    {
        using var client = factory.CreateSampleClient();
        using var other = factory.CreateSampleClient();

        Assert.Equal("1", await client.Http.GetStringAsync("/api/counter"));
        Assert.Equal("2", await client.Http.GetStringAsync("/api/counter"));
        Assert.Equal("3", await client.Http.GetStringAsync("/api/counter"));
        using var value = await client.GetAsync("/api/counter/value");

        Assert.Equal("3", await value.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", value.Content.Headers.ContentType!.MediaType);
        Assert.False(value.Headers.Contains("Set-Cookie"));
        Assert.Equal("3", await client.Http.GetStringAsync("/api/counter/value"));
        Assert.Equal("0", await other.Http.GetStringAsync("/api/counter/value"));
    }

    [Fact]
    public async Task Keys_go_to_the_configured_key_ring_and_the_inspector_names_the_sealing_key()
    {
        using var client = factory.CreateSampleClient();
        await client.AddToCartAsync("yirg");

        var page = await client.GetPageAsync("/Inspector");

        var keyFiles = Directory.GetFiles(factory.KeyRingPath, "key-*.xml").Select(Path.GetFileNameWithoutExtension).ToArray();
        Assert.NotEmpty(keyFiles);
        Assert.Contains("key-" + page.TestId("key-id")!.Replace("<code>", "").Replace("</code>", ""), keyFiles);
        Assert.Contains("carried by this request", page.TestId("session-state"));
    }

    [Fact]
    public async Task Session_cookie_has_the_safe_defaults()
    {
        using var client = factory.CreateSampleClient();

        using var response = await client.PostFormAsync("/Shop", "/Shop/Add", ("productId", "yirg"));

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), h => h.StartsWith(".CookieState=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
    }

    private sealed class FailOnBoomFilter : IActionFilter
    {
        public void OnActionExecuting(ActionExecutingContext context)
        {
            // The error page is re-executed with the same query string, so it must not throw too.
            if (context.HttpContext.Request.Query.ContainsKey("boom") && context.Controller is not Controllers.HomeController)
            {
                throw new InvalidOperationException("Boom for the test.");
            }

            if (context.HttpContext.Request.Query.ContainsKey("full"))
            {
                throw new CookieStateOverflowException(CookieStateLimit.CookieSize, 9000, 7000, [new("cart", 2000)], "Too much for the test.");
            }
        }

        public void OnActionExecuted(ActionExecutedContext context)
        {
        }
    }
}
