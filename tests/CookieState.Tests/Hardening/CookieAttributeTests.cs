using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace CookieState.Tests.Hardening;

/// <summary>Every attribute the app configures reaches the base cookie, every chunk and every deletion.</summary>
public sealed class CookieAttributeTests
{
    public static TheoryData<string, string> Attributes() => new()
    {
        { "partitioned", "; Partitioned" },
        { "domain", "; domain=example.test" },
        { "path", "; path=/shop" },
        { "samesite-none", "; secure; samesite=none" },
    };

    private static void Configure(CookieStateOptions o, string attribute)
    {
        o.ChunkSize = 1000;
        o.MaxCookieSize = 32 * 1024;
        switch (attribute)
        {
            case "partitioned":
                o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                o.Cookie.SameSite = SameSiteMode.None;
                o.Cookie.Extensions.Add("Partitioned");
                break;
            case "domain":
                o.Cookie.Domain = "example.test";
                break;
            case "path":
                o.Cookie.Path = "/shop";
                break;
            default:
                o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                o.Cookie.SameSite = SameSiteMode.None;
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Attributes))]
    public async Task An_attribute_reaches_every_chunk_and_every_deletion_and_fits_the_chunk_size(string attribute, string expected)
    {
        await using var host = await SessionTestHost.StartAsync(o => Configure(o, attribute));
        var jar = new CookieJar();

        using var written = await host.GetAsync("/fill/4", jar);
        var chunks = written.Headers.GetValues("Set-Cookie").ToArray();
        using var shrunk = await host.GetAsync("/remove/blob", jar);
        var afterShrink = shrunk.Headers.GetValues("Set-Cookie").ToArray();

        Assert.True(chunks.Length > 4);
        Assert.All(chunks, c => Assert.Contains(expected, c, StringComparison.OrdinalIgnoreCase));
        Assert.All(chunks, c => Assert.InRange(c.Length, 1, 1000));
        var deletions = afterShrink.Where(c => c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)).ToArray();
        Assert.Equal(chunks.Length - 1, deletions.Length);
        Assert.All(afterShrink, c => Assert.Contains(expected, c, StringComparison.OrdinalIgnoreCase));
    }
}
