using System.Net;
using CookieState.Diagnostics;
using CookieState.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests.HostileInput;

public sealed class BadInputTests
{
    private static async Task<(SessionTestHost Host, List<CookieStateRejectionReason> Rejections)> StartAsync(string? keyDirectory = null, string applicationName = "cookiestate-tests")
    {
        var rejections = new List<CookieStateRejectionReason>();
        var host = await SessionTestHost.StartAsync(
            o => o.Events.OnRejected = c =>
            {
                lock (rejections)
                {
                    rejections.Add(c.Reason);
                }

                return Task.CompletedTask;
            },
            keyDirectory: keyDirectory,
            applicationName: applicationName);
        return (host, rejections);
    }

    public static TheoryData<string, CookieStateRejectionReason[]> BadCookies() => new()
    {
        // A cut or extended cookie fails authentication, or no longer decodes as base64 at all.
        { "truncate", [CookieStateRejectionReason.Tampered, CookieStateRejectionReason.Malformed] },
        { "extend", [CookieStateRejectionReason.Tampered, CookieStateRejectionReason.Malformed] },
        { "base64", [CookieStateRejectionReason.Malformed] },
        { "garbage", [CookieStateRejectionReason.Malformed] },
        { "nonascii", [CookieStateRejectionReason.Malformed] },
    };

    [Theory]
    [MemberData(nameof(BadCookies))]
    public async Task Bad_cookie_gives_an_empty_session_a_warning_and_200(string mutation, CookieStateRejectionReason[] expected)
    {
        var (host, rejections) = await StartAsync();
        await using var _ = host;
        var jar = new CookieJar();
        await host.GetStringAsync("/set/secret/TopSecretValue", jar);
        var sealedCookie = jar[".CookieState"]!;
        jar[".CookieState"] = mutation switch
        {
            "truncate" => sealedCookie[..^10],
            "extend" => sealedCookie + "AAAA",
            "base64" => sealedCookie[..20] + "!!!*" + sealedCookie[24..],
            "garbage" => "hello",
            "nonascii" => sealedCookie[..20] + "%C3%A9" + sealedCookie[21..],
            _ => throw new ArgumentOutOfRangeException(nameof(mutation)),
        };

        using var response = await host.GetAsync("/get/secret", jar);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("(null)", await response.Content.ReadAsStringAsync());
        var rejection = Assert.Single(rejections);
        Assert.Contains(rejection, expected);
        Assert.Empty(jar.Cookies);
        var warning = Assert.Single(host.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.CookieRejected);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.DoesNotContain(host.Logs.Entries.Where(e => e.Category.StartsWith("CookieState", StringComparison.Ordinal)), e => e.Message.Contains(sealedCookie[..40], StringComparison.Ordinal) || e.Message.Contains("TopSecretValue", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cookie_from_another_application_is_rejected()
    {
        var keys = Directory.CreateTempSubdirectory("cookiestate-shared-").FullName;
        var (shop, _) = await StartAsync(keys, "shop");
        await using var __ = shop;
        var (blog, rejections) = await StartAsync(keys, "blog");
        await using var ___ = blog;
        var jar = new CookieJar();
        await shop.GetStringAsync("/set/a/1", jar);

        Assert.Equal("(null)", await blog.GetStringAsync("/get/a", jar));
        Assert.Equal([CookieStateRejectionReason.Tampered], rejections);
    }

    [Fact]
    public async Task Cookie_sealed_with_a_revoked_key_is_rejected()
    {
        var keys = Directory.CreateTempSubdirectory("cookiestate-revoked-").FullName;
        var (issuer, _) = await StartAsync(keys);
        await using var __ = issuer;
        var jar = new CookieJar();
        await issuer.GetStringAsync("/set/a/1", jar);
        var keyManager = issuer.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.KeyManagement.IKeyManager>();
        keyManager.RevokeAllKeys(DateTimeOffset.UtcNow.AddSeconds(1), "compromised");

        // A node that loads the key ring after the revocation (Data Protection refreshes a running node's ring in the background).
        var (reader, rejections) = await StartAsync(keys);
        await using var ___ = reader;

        Assert.Equal("(null)", await reader.GetStringAsync("/get/a", jar));
        Assert.Equal([CookieStateRejectionReason.KeyRevoked], rejections);
        Assert.Empty(jar.Cookies);
    }
}
