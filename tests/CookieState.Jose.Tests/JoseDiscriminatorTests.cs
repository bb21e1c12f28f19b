using System.Text.Json;
using CookieState.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Jose.Tests;

/// <summary>
/// An application discriminator makes the default JOSE audience <c>CookieState/{discriminator}</c>, so two apps sharing a
/// JOSE key refuse each other's tokens; without one the audience stays <c>CookieState</c> (issue 21, item 5).
/// </summary>
public sealed class JoseDiscriminatorTests
{
    [Fact]
    public async Task The_default_audience_names_the_discriminator_and_a_plain_CookieState_token_is_refused()
    {
        var rejections = new List<CookieStateRejectionReason>();
        await using var host = await SessionTestHost.StartAsync(
            o => o.Events.OnRejected = c =>
            {
                rejections.Add(c.Reason);
                return Task.CompletedTask;
            },
            services: s =>
            {
                JoseTestKeys.Use(s);
                s.AddCookieState(new ConfigurationBuilder()
                    .AddInMemoryCollection(new Dictionary<string, string?> { ["ApplicationDiscriminator"] = "shop" })
                    .Build());
            });
        var jar = new CookieJar();
        await host.GetStringAsync("/set/UserName/JohnH", jar);

        var (_, plaintext) = JoseTokens.OpenJwe(jar[".CookieState"]!, JoseTestKeys.K1);
        Assert.Equal("CookieState/shop", JsonDocument.Parse(plaintext).RootElement.GetProperty("aud").GetString());

        var now = host.Clock.GetUtcNow().ToUnixTimeSeconds();
        var plain = JoseTokens.Jwe(JoseTokens.EncryptedHeader(), JoseTokens.Claims(iat: now, exp: now + 600), JoseTestKeys.K1);
        Assert.Equal("(null)", await host.GetStringAsync("/get/cart", new CookieJar { [".CookieState"] = plain }));
        Assert.Equal([CookieStateRejectionReason.AudienceMismatch], rejections);
    }
}
