using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using CookieState.Sample.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CookieState.Sample.Tests;

/// <summary>The sample switched to the JOSE format by configuration alone, as README shows with environment variables.</summary>
public sealed class JoseModeTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(64);

    private static SampleFactory JoseSample() => SampleFactory.With(new Dictionary<string, string?>
    {
        ["CookieState:Format"] = "Jose",
        ["CookieState:Jose:Keys:0:Id"] = "k1",
        ["CookieState:Jose:Keys:0:Key"] = Base64Url.EncodeToString(Key),
        ["CookieState:Jose:PrimaryKeyId"] = "k1",
    });

    [Fact]
    public async Task The_sample_keeps_its_cart_and_sign_in_in_a_JWE_cookie_any_JOSE_library_opens()
    {
        using var factory = JoseSample();
        using var client = factory.CreateSampleClient();

        await client.SignInAsync("Ada");
        await client.AddToCartAsync("yirg");
        var page = await client.AddToCartAsync("dripper");

        Assert.Equal("2", page.TestId("cart-count"));
        var cookie = Assert.Single(client.SessionCookies);
        Assert.StartsWith("eyJ", cookie.Value);
        var claims = new JsonWebTokenHandler().DecryptToken(
            new JsonWebToken(cookie.Value),
            new TokenValidationParameters { TokenDecryptionKeys = [new SymmetricSecurityKey(Key) { KeyId = "k1" }], TryAllDecryptionKeys = false });
        var root = JsonDocument.Parse(claims).RootElement;
        Assert.Equal("CookieState", root.GetProperty("aud").GetString());
        Assert.True(root.GetProperty("data").EnumerateObject().Count() >= 2);

        var inspector = await client.GetPageAsync("/Inspector");
        Assert.Contains("k1", inspector.TestId("key-id"));
        Assert.Equal("read Jose, writes Jose", inspector.TestId("format"));
        Assert.Equal(root.GetProperty("sid").GetString(), inspector.TestId("session-id"));
        Assert.Equal("2", (await client.GetPageAsync("/Shop")).TestId("cart-count"));
    }
}
