using CookieState.Diagnostics;
using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CookieState.Tests.Configuration;

/// <summary>
/// The cookie name is resolved after configuration, as cookie authentication's is: <c>__Host-CookieState</c> whenever the
/// cookie may carry that prefix (a planted cookie cannot shadow it), <c>.CookieState</c> otherwise, with a start-up
/// warning outside Development for a name without prefix.
/// </summary>
public sealed class CookieNameResolutionTests
{
    [Theory]
    [InlineData(CookieSecurePolicy.Always, "/", null, null, "__Host-CookieState")]
    [InlineData(CookieSecurePolicy.SameAsRequest, "/", null, null, ".CookieState")]
    [InlineData(CookieSecurePolicy.None, "/", null, null, ".CookieState")]
    [InlineData(CookieSecurePolicy.Always, "/app", null, null, ".CookieState")]
    [InlineData(CookieSecurePolicy.Always, "/", "example.com", null, ".CookieState")]
    [InlineData(CookieSecurePolicy.Always, "/", null, ".Pinned", ".Pinned")]
    [InlineData(CookieSecurePolicy.Always, "/app", null, "__Secure-Shop", "__Secure-Shop")]
    public void An_unset_name_resolves_to_the_host_prefix_when_the_cookie_allows_it(
        CookieSecurePolicy policy, string path, string? domain, string? pinned, string expected)
    {
        var services = new ServiceCollection();
        services.AddCookieState(o =>
        {
            o.Cookie.SecurePolicy = policy;
            o.Cookie.Path = path;
            o.Cookie.Domain = domain;
            if (pinned is not null)
            {
                o.Cookie.Name = pinned;
            }
        });
        using var provider = services.BuildServiceProvider();

        Assert.Equal(expected, provider.GetRequiredService<IOptions<CookieStateOptions>>().Value.Cookie.Name);
    }

    [Theory]
    [InlineData("Production", null, true)]
    [InlineData("Development", null, false)]
    [InlineData("Production", "__Host-CookieState", false)]
    [InlineData("Production", "__Secure-CookieState", false)]
    [InlineData("Staging", ".Shop", true)]
    public async Task A_name_without_prefix_is_warned_about_outside_Development(string environment, string? name, bool warned)
    {
        await using var host = await SessionTestHost.StartAsync(
            o =>
            {
                if (name is not null)
                {
                    o.Cookie.Name = name;
                    o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                }
            },
            services: s => s.AddSingleton<IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = environment }));

        Assert.Equal(warned, host.Logs.Entries.Any(e => e.EventId.Id == CookieStateEventIds.CookieNameWithoutPrefix));
    }

    [Fact]
    public async Task With_Secure_always_the_default_cookie_is_a_host_cookie_that_round_trips()
    {
        await using var host = await SessionTestHost.StartAsync(o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
        var jar = new CookieJar();

        await host.GetStringAsync("https://localhost/set/a/1", jar);

        Assert.NotNull(jar["__Host-CookieState"]);
        Assert.Equal("1", await host.GetStringAsync("https://localhost/get/a", jar));
    }
}
