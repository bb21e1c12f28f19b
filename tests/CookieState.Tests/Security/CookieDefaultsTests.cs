using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CookieState.Tests.Security;

/// <summary>Cookie attributes under HTTP and HTTPS for each CookieSecurePolicy, the __Host- prefix, and session fixation.</summary>
public sealed class CookieDefaultsTests
{
    [Theory]
    [InlineData("http", CookieSecurePolicy.SameAsRequest, false)]
    [InlineData("https", CookieSecurePolicy.SameAsRequest, true)]
    [InlineData("http", CookieSecurePolicy.Always, true)]
    [InlineData("https", CookieSecurePolicy.Always, true)]
    [InlineData("http", CookieSecurePolicy.None, false)]
    [InlineData("https", CookieSecurePolicy.None, false)]
    public async Task Secure_attribute_follows_the_policy_and_the_scheme(string scheme, CookieSecurePolicy policy, bool secure)
    {
        await using var host = await SecurityHost.StartAsync(o => o.Cookie.SecurePolicy = policy);

        using var response = await host.Host.Client.GetAsync(new Uri($"{scheme}://localhost/set/a/1"));

        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Equal(secure, setCookie.Contains("; secure", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("; httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; path=/", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires=", setCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Host_prefixed_cookie_and_every_chunk_carry_secure_and_root_path()
    {
        await using var host = await SecurityHost.StartAsync(o =>
        {
            o.Cookie.Name = "__Host-CookieState";
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.MaxCookieSize = 16 * 1024;
        });
        var jar = new CookieJar();

        using var response = await host.Host.GetAsync("/fill/6", jar);

        var setCookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.True(setCookies.Count >= 2);
        Assert.Contains(setCookies, c => c.StartsWith("__Host-CookieStateC2=", StringComparison.Ordinal));
        Assert.All(setCookies, c =>
        {
            Assert.StartsWith("__Host-CookieState", c);
            Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; path=/;", c + ";", StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("domain=", c, StringComparison.OrdinalIgnoreCase);
        });
        Assert.Equal("6144", await host.Host.GetStringAsync("/bloblength", jar));
    }

    [Theory]
    [InlineData("__Host-CookieState", CookieSecurePolicy.SameAsRequest, "/", null)]
    [InlineData("__Host-CookieState", CookieSecurePolicy.Always, "/app", null)]
    [InlineData("__Host-CookieState", CookieSecurePolicy.Always, "/", "example.com")]
    [InlineData("__Secure-CookieState", CookieSecurePolicy.SameAsRequest, "/", null)]
    public async Task Prefixed_names_that_browsers_would_drop_fail_at_startup(string name, CookieSecurePolicy policy, string path, string? domain)
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => SessionTestHost.StartAsync(o =>
        {
            o.Cookie.Name = name;
            o.Cookie.SecurePolicy = policy;
            o.Cookie.Path = path;
            o.Cookie.Domain = domain;
        }));

        Assert.Contains(name[..(name.IndexOf('-') + 1)], ex.Message);
    }

    [Fact]
    public async Task RegenerateId_at_sign_in_changes_the_id_and_keeps_the_data()
    {
        await using var host = await SecurityHost.StartAsync();
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/cart/3", jar);
        var before = await host.Host.GetStringAsync("/id", jar);

        var regenerated = await host.Host.GetStringAsync("/regenerate", jar);

        Assert.NotEqual(before, regenerated);
        Assert.Equal(regenerated, await host.Host.GetStringAsync("/id", jar));
        Assert.Equal("3", await host.Host.GetStringAsync("/get/cart", jar));
        Assert.Single(jar.Cookies);
    }

    [Fact]
    public async Task A_planted_session_is_worthless_to_the_attacker_after_the_victim_signs_in()
    {
        await using var host = await SecurityHost.StartAsync();
        var attacker = new CookieJar();
        await host.Host.GetStringAsync("/set/planted/1", attacker);
        var plantedId = await host.Host.GetStringAsync("/id", attacker);
        var victim = attacker.Clone();

        // The victim signs in on the planted session: BindUser after RegenerateId (see /bind).
        Assert.Equal("victim", await host.Host.GetStringAsync("/bind/victim", victim));

        Assert.NotEqual(plantedId, await host.Host.GetStringAsync("/id", victim));
        Assert.Equal("(anonymous)", await host.Host.GetStringAsync("/whoami", attacker));
        Assert.Equal(plantedId, await host.Host.GetStringAsync("/id", attacker));
    }
}
