using System.Globalization;
using CookieState.Configuration;
using CookieState.Tests.Security;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CookieState.Tests.Binding;

/// <summary>
/// The hand-written, trim-safe binder behind <c>AddCookieState(IConfiguration)</c> knows every option and reads
/// configuration text exactly as ASP.NET Core's reflection binder does.
/// </summary>
public sealed class CookieStateOptionsBinderTests
{
    [Fact]
    public void Every_public_option_is_bound_nested_sections_included()
    {
        var leaves = OptionLeaves.Of(typeof(CookieStateOptions));
        var defaults = OptionLeaves.Flatten(new CookieStateOptions());
        Assert.Contains(leaves, l => l.Path == "Cookie:SecurePolicy");
        Assert.Contains(leaves, l => l.Path == "Envelope:DataKeyLifetime");

        foreach (var leaf in leaves)
        {
            var text = DistinctText(leaf, new CookieStateOptions());
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{BinderCase.Section}:{leaf.Path}{(leaf.Type == typeof(IList<string>) ? ":0" : "")}"] = text,
            }).Build().GetSection(BinderCase.Section);
            var byHand = new CookieStateOptions();
            var byReflection = new CookieStateOptions();

            CookieStateOptionsBinder.Bind(configuration, byHand);
            configuration.Bind(byReflection);

            var bound = OptionLeaves.Flatten(byHand);
            Assert.True(bound[leaf.Path] != defaults[leaf.Path], $"{leaf.Path} = '{text}' was not bound.");
            Assert.Equal(OptionLeaves.Flatten(byReflection), bound);
        }
    }

    [CookieStateProperty]
    public Property The_hand_binder_reads_configuration_as_the_reflection_binder_does() =>
        Prop.ForAll(BinderCase.Generator().ToArbitrary(), @case =>
        {
            var section = new ConfigurationBuilder().AddInMemoryCollection(@case.Values).Build().GetSection(BinderCase.Section);
            var byHand = new CookieStateOptions();
            var byReflection = new CookieStateOptions();

            var handError = Record.Exception(() => CookieStateOptionsBinder.Bind(section, byHand));
            var reflectionError = Record.Exception(() => section.Bind(byReflection));

            Assert.True((handError is null) == (reflectionError is null), $"By hand: {handError?.Message}; by reflection: {reflectionError?.Message}");
            if (handError is null)
            {
                Assert.Equal(OptionLeaves.Flatten(byReflection), OptionLeaves.Flatten(byHand));
            }
            else
            {
                var error = Assert.IsType<InvalidOperationException>(handError);
                Assert.Contains(@case.Values.Keys, key => error.Message.Contains($"'{key}'", StringComparison.OrdinalIgnoreCase));
            }
        });

    [Fact]
    public void AddCookieState_binds_the_nested_sections_through_the_options_pipeline()
    {
        var configuration = Configuration(new()
        {
            ["CookieState:MaxIdleTimeout"] = "01:00:00",
            ["CookieState:Format"] = "dataprotection",
            ["CookieState:Compression"] = "Deflate",
            ["CookieState:PaddingBucket"] = "64",
            ["CookieState:Cookie:Name"] = "__Host-shop",
            ["CookieState:Cookie:SecurePolicy"] = "Always",
            ["CookieState:Cookie:SameSite"] = "Strict",
            ["CookieState:Cookie:Extensions:0"] = "Partitioned",
            ["CookieState:Envelope:DataKeyLifetime"] = "00:10:00",
            ["CookieState:Envelope:DataKeyMaxSeals"] = "5000",
        });

        using var services = new ServiceCollection().AddLogging().AddCookieState(configuration.GetSection("CookieState")).BuildServiceProvider();
        var options = services.GetRequiredService<IOptions<CookieStateOptions>>().Value;

        Assert.Equal(TimeSpan.FromHours(1), options.MaxIdleTimeout);
        Assert.Equal(CookieStateFormat.DataProtection, options.Format);
        Assert.Equal(CookieStateCompression.Deflate, options.Compression);
        Assert.Equal(64, options.PaddingBucket);
        Assert.Equal("__Host-shop", options.Cookie.Name);
        Assert.Equal(CookieSecurePolicy.Always, options.Cookie.SecurePolicy);
        Assert.Equal(SameSiteMode.Strict, options.Cookie.SameSite);
        Assert.Equal(["Partitioned"], options.Cookie.Extensions);
        Assert.True(options.Cookie.HttpOnly);
        Assert.Equal(TimeSpan.FromMinutes(10), options.Envelope.DataKeyLifetime);
        Assert.Equal(5000, options.Envelope.DataKeyMaxSeals);
        Assert.Equal(CookieStateDefaults.DataKeyCacheSize, options.Envelope.DataKeyCacheSize);
    }

    [Fact]
    public void Code_configuration_after_the_section_wins_and_events_stay_in_code()
    {
        var configuration = Configuration(new() { ["CookieState:IdleTimeout"] = "00:05:00", ["CookieState:ChunkSize"] = "3000" });
        Func<CookieStateRejectedContext, Task> onRejected = _ => Task.CompletedTask;

        using var services = new ServiceCollection().AddLogging()
            .AddCookieState(configuration.GetSection("CookieState"))
            .AddCookieState(o =>
            {
                o.ChunkSize = 3500;
                o.Events.OnRejected = onRejected;
            })
            .BuildServiceProvider();
        var options = services.GetRequiredService<IOptions<CookieStateOptions>>().Value;

        Assert.Equal(TimeSpan.FromMinutes(5), options.IdleTimeout);
        Assert.Equal(3500, options.ChunkSize);
        Assert.Same(onRejected, options.Events.OnRejected);
    }

    [Theory]
    [InlineData("CookieState:IdleTimeout", "twenty minutes", "System.TimeSpan")]
    [InlineData("CookieState:Cookie:SameSite", "Sometimes", "Microsoft.AspNetCore.Http.SameSiteMode")]
    [InlineData("CookieState:Envelope:DataKeyCacheSize", "1e3", "System.Int32")]
    [InlineData("CookieState:RefreshUntouchedSessions", "yes", "System.Boolean")]
    public void A_value_that_does_not_convert_fails_when_the_options_are_built_naming_its_key(string key, string value, string type)
    {
        var configuration = Configuration(new() { [key] = value });
        using var services = new ServiceCollection().AddLogging().AddCookieState(configuration.GetSection("CookieState")).BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IOptions<CookieStateOptions>>().Value);

        Assert.Contains($"'{key}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(type, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_cookie_name_fails_naming_its_key()
    {
        var section = Configuration(new() { ["CookieState:Cookie:Name"] = "" }).GetSection("CookieState");

        var error = Assert.Throws<InvalidOperationException>(() => CookieStateOptionsBinder.Bind(section, new CookieStateOptions()));

        Assert.Contains("'CookieState:Cookie:Name'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_without_a_value_keeps_the_default_where_the_reflection_binder_would_reset_it()
    {
        // JSON "HttpOnly": null. The reflection binder turns it into false, silently dropping HttpOnly.
        var section = Configuration(new() { ["CookieState:Cookie:HttpOnly"] = null, ["CookieState:IdleTimeout"] = null })
            .GetSection("CookieState");
        var options = new CookieStateOptions();

        CookieStateOptionsBinder.Bind(section, options);

        Assert.True(options.Cookie.HttpOnly);
        Assert.Equal(CookieStateDefaults.IdleTimeout, options.IdleTimeout);
    }

    [Fact]
    public void An_empty_value_clears_a_nullable_option()
    {
        var section = Configuration(new() { ["CookieState:MaxIdleTimeout"] = "" }).GetSection("CookieState");
        var options = new CookieStateOptions { MaxIdleTimeout = TimeSpan.FromHours(1) };

        CookieStateOptionsBinder.Bind(section, options);

        Assert.Null(options.MaxIdleTimeout);
    }

    [Fact]
    public void A_reloaded_configuration_reaches_options_monitors()
    {
        var configuration = Configuration(new() { ["CookieState:IdleTimeout"] = "00:05:00" });
        using var services = new ServiceCollection().AddLogging().AddCookieState(configuration.GetSection("CookieState")).BuildServiceProvider();
        var monitor = services.GetRequiredService<IOptionsMonitor<CookieStateOptions>>();
        Assert.Equal(TimeSpan.FromMinutes(5), monitor.CurrentValue.IdleTimeout);

        configuration["CookieState:IdleTimeout"] = "00:07:00";
        configuration.Reload();

        Assert.Equal(TimeSpan.FromMinutes(7), monitor.CurrentValue.IdleTimeout);
    }

    [Fact]
    public void The_sample_sites_appsettings_bind_as_before()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "CookieState.Sample", "appsettings.json");
        var section = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(path)).Build().GetSection("CookieState");
        var byHand = new CookieStateOptions();
        var byReflection = new CookieStateOptions();

        CookieStateOptionsBinder.Bind(section, byHand);
        section.Bind(byReflection);

        Assert.Equal(7000, byHand.MaxCookieSize);
        Assert.Equal(OptionLeaves.Flatten(byReflection), OptionLeaves.Flatten(byHand));
    }

    private static IConfigurationRoot Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    // A valid text whose value differs from the option's default.
    private static string DistinctText(OptionLeaf leaf, CookieStateOptions defaults)
    {
        var type = Nullable.GetUnderlyingType(leaf.Type) ?? leaf.Type;
        var current = leaf.Read(defaults);
        return type switch
        {
            _ when type == typeof(TimeSpan) => "00:00:42",
            _ when type == typeof(int) || type == typeof(long) => "4093",
            _ when type == typeof(double) => "0.125",
            _ when type == typeof(DateTimeOffset) => "2027-03-04T05:06:07+00:00",
            _ when type == typeof(bool) => (!(bool)current!).ToString(CultureInfo.InvariantCulture),
            _ when type.IsEnum => Enum.GetNames(type).First(n => !Equals(Enum.Parse(type, n), current)),
            _ when type == typeof(string) || type == typeof(IList<string>) => "configured-" + leaf.Path.Replace(':', '-'),
            _ => throw new InvalidOperationException($"No distinct text for {leaf.Path} of type {leaf.Type}."),
        };
    }
}
