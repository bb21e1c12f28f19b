using System.Globalization;
using CookieState.Configuration;
using CookieState.Tests.Properties;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CookieState.Tests.Configuration;

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
        Assert.Contains(leaves, l => l.Path == "Cookie:SecurePolicy");
        Assert.Contains(leaves, l => l.Path == "Envelope:DataKeyLifetime");

        AssertEveryLeafIsBound(typeof(CookieStateOptions));
    }

    [Theory]
    [MemberData(nameof(OptionsBinders.TypeNames), MemberType = typeof(OptionsBinders))]
    public void Every_public_option_of_every_options_type_is_bound(string optionsType) =>
        AssertEveryLeafIsBound(OptionsBinders.Named(optionsType));

    [Fact]
    public void The_migration_cookie_is_bound_as_a_section()
    {
        Assert.Contains(OptionLeaves.Of(typeof(CookieStateMigrationOptions)), l => l.Path == "Cookie:Name");
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

    [CookieStateProperty]
    public Property The_hand_binder_reads_every_other_options_type_as_the_reflection_binder_does() =>
        Prop.ForAll(BinderCase.Generator(OptionsBinders.Others).ToArbitrary(), @case =>
        {
            var section = new ConfigurationBuilder().AddInMemoryCollection(@case.Values).Build().GetSection(BinderCase.Section);
            var byHand = OptionsBinders.Create(@case.OptionsType);
            var byReflection = OptionsBinders.Create(@case.OptionsType);

            var handError = Record.Exception(() => OptionsBinders.Bind(section, byHand));
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
    public void Each_configuration_overload_binds_its_options_through_the_options_pipeline()
    {
        var configuration = Configuration(new()
        {
            ["CookieState:KeyPickup:MinLookupInterval"] = "00:01:00",
            ["CookieState:KeyPickup:Enabled"] = "false",
            ["Revocation:KeyPrefix"] = "shop:",
            ["Revocation:FailureMode"] = "FailOpen",
            ["Revocation:MaxPropagationDelay"] = "00:00:02",
            ["Revocation:MaxStaleness"] = "00:01:00",
            ["Revocation:MaxEntries"] = "5000",
            ["Migration:Cookie:Name"] = ".Shop.Session",
            ["Migration:RemoveImportedSessions"] = "false",
            ["Health:KeyExpirationWindow"] = "3.00:00:00",
        });
        var services = new ServiceCollection().AddLogging()
            .AddCookieState(configuration.GetSection("CookieState"))
            .AddCookieStateRevocation(configuration.GetSection("Revocation")).Services
            .AddCookieStateMigration(configuration.GetSection("Migration"));
        services.AddHealthChecks().AddCookieState(configuration.GetSection("Health"));
        using var provider = services.BuildServiceProvider();

        var pickup = provider.GetRequiredService<IOptions<CookieStateKeyPickupOptions>>().Value;
        var revocation = provider.GetRequiredService<IOptions<CookieStateRevocationOptions>>().Value;
        var migration = provider.GetRequiredService<IOptions<CookieStateMigrationOptions>>().Value;
        var health = provider.GetRequiredService<IOptionsMonitor<CookieStateHealthCheckOptions>>().Get(CookieStateDiagnostics.HealthCheckName);

        Assert.Equal(TimeSpan.FromMinutes(1), pickup.MinLookupInterval);
        Assert.False(pickup.Enabled);
        Assert.Equal("shop:", revocation.KeyPrefix);
        Assert.Equal(CookieStateRevocationFailureMode.FailOpen, revocation.FailureMode);
        Assert.Equal(TimeSpan.FromSeconds(2), revocation.MaxPropagationDelay);
        Assert.Equal(TimeSpan.FromMinutes(1), revocation.MaxStaleness);
        Assert.Equal(5000, revocation.MaxEntries);
        Assert.Equal(".Shop.Session", migration.Cookie.Name);
        Assert.False(migration.RemoveImportedSessions);
        Assert.Equal(TimeSpan.FromDays(3), health.KeyExpirationWindow);
        Assert.True(health.CheckRevocationStore);
    }

    [Fact]
    public void Health_check_configuration_reaches_only_the_registration_it_was_given_to()
    {
        var configuration = Configuration(new() { ["Health:CheckRevocationStore"] = "false" });
        var services = new ServiceCollection().AddLogging().AddCookieState();
        services.AddHealthChecks().AddCookieState(configuration.GetSection("Health")).AddCookieState("live");
        using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<IOptionsMonitor<CookieStateHealthCheckOptions>>();

        Assert.False(monitor.Get(CookieStateDiagnostics.HealthCheckName).CheckRevocationStore);
        Assert.True(monitor.Get("live").CheckRevocationStore);
    }

    [Theory]
    [InlineData("Revocation:Timeout", "soon")]
    [InlineData("Migration:Cookie:SecurePolicy", "Maybe")]
    public void A_value_that_does_not_convert_in_another_options_type_fails_naming_its_key(string key, string value)
    {
        var configuration = Configuration(new() { [key] = value });
        using var services = new ServiceCollection().AddLogging()
            .AddCookieStateRevocation(configuration.GetSection("Revocation")).Services
            .AddCookieStateMigration(configuration.GetSection("Migration"))
            .BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            _ = services.GetRequiredService<IOptions<CookieStateRevocationOptions>>().Value;
            _ = services.GetRequiredService<IOptions<CookieStateMigrationOptions>>().Value;
        });

        Assert.Contains($"'{key}'", error.Message, StringComparison.Ordinal);
    }

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
        Assert.Equal(new CookieStateEnvelopeOptions().DataKeyCacheSize, options.Envelope.DataKeyCacheSize);
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
        Assert.Equal(new CookieStateOptions().IdleTimeout, options.IdleTimeout);
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
    public void Options_are_read_once_so_a_reloaded_configuration_waits_for_a_restart()
    {
        var configuration = Configuration(new() { ["CookieState:IdleTimeout"] = "00:05:00" });
        using var services = new ServiceCollection().AddLogging().AddCookieState(configuration.GetSection("CookieState")).BuildServiceProvider();
        var monitor = services.GetRequiredService<IOptionsMonitor<CookieStateOptions>>();
        Assert.Equal(TimeSpan.FromMinutes(5), monitor.CurrentValue.IdleTimeout);

        configuration["CookieState:IdleTimeout"] = "00:07:00";
        configuration.Reload();

        Assert.Equal(TimeSpan.FromMinutes(5), monitor.CurrentValue.IdleTimeout);
        Assert.Empty(services.GetServices<IOptionsChangeTokenSource<CookieStateOptions>>());
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

    private static void AssertEveryLeafIsBound(Type optionsType)
    {
        var defaults = OptionLeaves.Flatten(OptionsBinders.Create(optionsType));
        var leaves = OptionLeaves.Of(optionsType);
        Assert.NotEmpty(leaves);
        foreach (var leaf in leaves)
        {
            var text = DistinctText(leaf, OptionsBinders.Create(optionsType));
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{BinderCase.Section}:{leaf.Path}{(OptionLeaves.CollectionItemType(leaf.Type) is not null ? ":0" : "")}"] = text,
            }).Build().GetSection(BinderCase.Section);
            var byHand = OptionsBinders.Create(optionsType);
            var byReflection = OptionsBinders.Create(optionsType);

            OptionsBinders.Bind(configuration, byHand);
            configuration.Bind(byReflection);

            var bound = OptionLeaves.Flatten(byHand);
            Assert.True(bound[leaf.Path] != defaults[leaf.Path], $"{optionsType.Name}.{leaf.Path} = '{text}' was not bound.");
            Assert.Equal(OptionLeaves.Flatten(byReflection), bound);
        }
    }

    // A valid text whose value differs from the option's default.
    private static string DistinctText(OptionLeaf leaf, object defaults)
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
            _ when OptionLeaves.CollectionItemType(type) is { IsEnum: true } item => Enum.GetNames(item)[^1],
            _ when type == typeof(string) || type == typeof(IList<string>) => "configured-" + leaf.Path.Replace(':', '-'),
            _ => throw new InvalidOperationException($"No distinct text for {leaf.Path} of type {leaf.Type}."),
        };
    }
}
