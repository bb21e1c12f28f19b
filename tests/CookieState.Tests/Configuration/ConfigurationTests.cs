using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CookieState.Tests.Configuration;

public sealed class ConfigurationTests
{
    [Fact]
    public void Options_bind_from_a_configuration_section()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CookieState:IdleTimeout"] = "00:05:00",
                ["CookieState:AbsoluteTimeout"] = "02:00:00",
                ["CookieState:RefreshThreshold"] = "0.25",
                ["CookieState:MaxCookieSize"] = "7000",
                ["CookieState:BufferResponse"] = "true",
                ["CookieState:Cookie:Name"] = "__Host-shop",
                ["CookieState:Cookie:SecurePolicy"] = "Always",
            })
            .Build();
        var services = new ServiceCollection().AddLogging().AddCookieState(configuration.GetSection("CookieState"));

        var options = services.BuildServiceProvider().GetRequiredService<IOptions<CookieStateOptions>>().Value;

        Assert.Equal(TimeSpan.FromMinutes(5), options.IdleTimeout);
        Assert.Equal(TimeSpan.FromHours(2), options.AbsoluteTimeout);
        Assert.Equal(0.25, options.RefreshThreshold);
        Assert.Equal(7000, options.MaxCookieSize);
        Assert.True(options.BufferResponse);
        Assert.Equal("__Host-shop", options.Cookie.Name);
        Assert.Equal(CookieSecurePolicy.Always, options.Cookie.SecurePolicy);
        Assert.True(options.Cookie.HttpOnly);
    }

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var options = new CookieStateOptions();

        Assert.Equal(TimeSpan.FromMinutes(20), options.IdleTimeout);
        Assert.Equal(TimeSpan.FromHours(12), options.AbsoluteTimeout);
        Assert.Null(options.Cookie.Name);
        Assert.Equal("/", options.Cookie.Path);
        Assert.Equal(SameSiteMode.Lax, options.Cookie.SameSite);
        Assert.Equal(CookieSecurePolicy.SameAsRequest, options.Cookie.SecurePolicy);
        Assert.True(options.Cookie.HttpOnly);
        Assert.Equal(4050, options.ChunkSize);
        Assert.Equal(6144, options.MaxCookieSize);
        Assert.False(options.BufferResponse);
    }

    [Fact]
    public void Invalid_options_fail_validation()
    {
        var services = new ServiceCollection().AddLogging().AddCookieState(o => o.RefreshThreshold = 2);

        var error = Assert.Throws<OptionsValidationException>(
            () => services.BuildServiceProvider().GetRequiredService<IOptions<CookieStateOptions>>().Value);
        Assert.Contains("RefreshThreshold", error.Message);
    }

    [Fact]
    public void Registered_services_can_be_replaced()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(clock).AddCookieState();

        Assert.Same(clock, services.BuildServiceProvider().GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void UseCookieState_without_AddCookieState_explains_the_fix()
    {
        var app = new Microsoft.AspNetCore.Builder.ApplicationBuilder(new ServiceCollection().BuildServiceProvider());

        var error = Assert.Throws<InvalidOperationException>(() => Microsoft.AspNetCore.Builder.CookieStateApplicationBuilderExtensions.UseCookieState(app));
        Assert.Contains("AddCookieState", error.Message);
    }
}
