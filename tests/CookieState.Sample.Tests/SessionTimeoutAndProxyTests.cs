using System.Net;
using CookieState.Sample.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace CookieState.Sample.Tests;

/// <summary>The inspector's per-session idle timeout, and Secure cookies behind a TLS-terminating proxy.</summary>
public sealed class SessionTimeoutAndProxyTests(SampleFactory factory) : IClassFixture<SampleFactory>
{
    [Theory]
    [InlineData("5", "5 min (this session's own)")]
    [InlineData("60", "60 min (this session's own)")]
    public async Task The_inspector_sets_and_shows_this_sessions_own_idle_timeout(string minutes, string shown)
    {
        using var client = factory.CreateSampleClient();
        await client.SubmitAsync("/Shop", "/Shop/Add", ("productId", "yirg"));
        var before = await client.GetPageAsync("/Inspector");
        Assert.Equal("20 min (the site's default)", before.TestId("idle-timeout"));

        var after = await client.SubmitAsync("/Inspector", "/Inspector/IdleTimeout", ("minutes", minutes));

        Assert.Equal(shown, after.TestId("idle-timeout"));
        Assert.Equal("1", after.TestId("cart-count"));
    }

    [Fact]
    public async Task A_timeout_beyond_the_sites_maximum_is_refused_with_a_message_and_changes_nothing()
    {
        using var client = factory.CreateSampleClient();
        await client.SubmitAsync("/Shop", "/Shop/Add", ("productId", "yirg"));

        var page = await client.SubmitAsync("/Inspector", "/Inspector/IdleTimeout", ("minutes", "240"));

        Assert.Equal("20 min (the site's default)", page.TestId("idle-timeout"));
        Assert.Contains("idle timeout must be between", page.Text);
    }

    [Theory]
    [InlineData("https", true)]
    [InlineData("http", false)]
    public async Task Behind_a_proxy_on_loopback_the_forwarded_scheme_decides_the_secure_attribute(string forwardedProto, bool secure)
    {
        var context = await factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/api/counter";
            c.Connection.RemoteIpAddress = IPAddress.Loopback;
            c.Request.Headers["X-Forwarded-Proto"] = forwardedProto;
            c.Request.Headers["X-Forwarded-For"] = "203.0.113.7";
        });

        var sessionCookie = context.Response.Headers.SetCookie.Single(h => h!.StartsWith(".CookieState=", StringComparison.Ordinal))!;
        Assert.Equal(secure, sessionCookie.Contains("; secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_forwarded_scheme_from_an_unknown_address_is_ignored()
    {
        var context = await factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/api/counter";
            c.Connection.RemoteIpAddress = IPAddress.Parse("198.51.100.20");
            c.Request.Headers["X-Forwarded-Proto"] = "https";
        });

        var sessionCookie = context.Response.Headers.SetCookie.Single(h => h!.StartsWith(".CookieState=", StringComparison.Ordinal))!;
        Assert.DoesNotContain("; secure", sessionCookie, StringComparison.OrdinalIgnoreCase);
    }
}
