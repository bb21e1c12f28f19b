using CookieState.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CookieState.Jose.Tests;

public sealed class JoseConfigurationTests
{
    private static (CookieStateOptions Core, CookieStateJoseOptions Jose) Build(IConfiguration section)
    {
        var services = new ServiceCollection().AddLogging().AddCookieState(section).AddCookieStateJose(section.GetSection("Jose")).BuildServiceProvider();
        return (services.GetRequiredService<IOptions<CookieStateOptions>>().Value, services.GetRequiredService<IOptions<CookieStateJoseOptions>>().Value);
    }

    private static string Validate(Action<CookieStateJoseOptions> jose, Action<CookieStateOptions>? core = null)
    {
        var services = new ServiceCollection().AddLogging().AddCookieState(o => core?.Invoke(o)).AddCookieStateJose(jose);
        return Assert.Throws<OptionsValidationException>(() => services.BuildServiceProvider().GetRequiredService<IOptions<CookieStateJoseOptions>>().Value).Message;
    }

    [Fact]
    public void The_JOSE_contract_binds_from_the_Jose_subsection()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CookieState:Format"] = "Jose",
                ["CookieState:Jose:Mode"] = "Signed",
                ["CookieState:Jose:Keys:0:Id"] = "k1",
                ["CookieState:Jose:Keys:0:Key"] = JoseTestKeys.Encode(JoseTestKeys.K1),
                ["CookieState:Jose:Keys:0:NotBefore"] = "2026-01-01T00:00:00Z",
                ["CookieState:Jose:Keys:0:NotAfter"] = "2030-01-01T00:00:00Z",
                ["CookieState:Jose:Keys:1:Id"] = "k2",
                ["CookieState:Jose:Keys:1:Key"] = JoseTestKeys.Encode(JoseTestKeys.K2),
                ["CookieState:Jose:PrimaryKeyId"] = "k2",
                ["CookieState:Jose:Audience"] = "shop",
            })
            .Build();

        var (core, jose) = Build(configuration.GetSection("CookieState"));

        Assert.Equal(CookieStateFormat.Jose, core.Format);
        Assert.Equal(CookieStateJoseMode.Signed, jose.Mode);
        Assert.Equal(["k1", "k2"], jose.Keys.Select(k => k.Id));
        Assert.Equal(JoseTestKeys.Encode(JoseTestKeys.K2), jose.Keys[1].Key);
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), jose.Keys[0].NotAfter);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), jose.Keys[0].NotBefore);
        Assert.Null(jose.Keys[1].NotAfter);
        Assert.Equal("k2", jose.PrimaryKeyId);
        Assert.Equal("shop", jose.Audience);
    }

    [Fact]
    public async Task Keys_from_environment_variables_reach_every_node_without_a_shared_store()
    {
        // A prefix of this test's own, so that no other test sees these variables.
        const string Prefix = "COOKIESTATE_JOSE_ENV_TEST_";
        var variables = new Dictionary<string, string>
        {
            ["CookieState__Format"] = "Jose",
            ["CookieState__Jose__Keys__0__Id"] = "k1",
            ["CookieState__Jose__Keys__0__Key"] = JoseTestKeys.Encode(JoseTestKeys.K1),
            ["CookieState__Jose__PrimaryKeyId"] = "k1",
        };
        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(Prefix + name, value);
        }

        try
        {
            var section = new ConfigurationBuilder().AddEnvironmentVariables(Prefix).Build().GetSection("CookieState");
            void FromConfiguration(IServiceCollection s) => s.AddCookieState(section).AddCookieStateJose(section.GetSection("Jose"));
            await using var nodeA = await SessionTestHost.StartAsync(services: FromConfiguration);
            await using var nodeB = await SessionTestHost.StartAsync(services: FromConfiguration, keyDirectory: Directory.CreateTempSubdirectory("cookiestate-other-ring-").FullName);
            var jar = new CookieJar();

            await nodeA.GetStringAsync("/set/cart/3", jar);

            Assert.StartsWith("eyJ", jar[".CookieState"]);
            Assert.Equal("3", await nodeB.GetStringAsync("/get/cart", jar));
        }
        finally
        {
            foreach (var name in variables.Keys)
            {
                Environment.SetEnvironmentVariable(Prefix + name, null);
            }
        }
    }

    [Fact]
    public void Code_and_configuration_set_the_same_options()
    {
        var services = new ServiceCollection().AddLogging().AddCookieState();
        JoseTestKeys.Use(services);
        var provider = services.BuildServiceProvider();
        var configured = provider.GetRequiredService<IOptions<CookieStateJoseOptions>>().Value;

        Assert.Equal(CookieStateFormat.Jose, provider.GetRequiredService<IOptions<CookieStateOptions>>().Value.Format);
        Assert.Equal("k1", configured.PrimaryKeyId);
        Assert.Equal("CookieState", configured.Audience);
        Assert.Equal(CookieStateJoseMode.Encrypted, configured.Mode);
    }

    [Fact]
    public void Defaults_write_the_envelope_format_and_read_no_JOSE_cookie()
    {
        var options = new CookieStateOptions();
        var jose = new CookieStateJoseOptions();
        using var harness = new PipelineHarness(services: s => s.AddCookieStateJose());

        Assert.Equal(CookieStateFormat.Envelope, options.Format);
        Assert.Equal(CookieStateJoseMode.Encrypted, jose.Mode);
        Assert.Empty(jose.Keys);
        Assert.Null(jose.PrimaryKeyId);
        Assert.Equal("CookieState", jose.Audience);
        Assert.False(harness.Sealer(CookieStateFormat.Jose).Recognizes(JoseTokens.Jwe(JoseTokens.EncryptedHeader(), JoseTokens.Claims(), JoseTestKeys.K1)));
    }

    public static TheoryData<string, string> InvalidSettings() => new()
    {
        { "no-keys", "Jose.Keys is empty" },
        { "no-primary", "PrimaryKeyId is not set" },
        { "unknown-primary", "PrimaryKeyId names no key" },
        { "short-key", "exactly 64 bytes" },
        { "long-key", "exactly 64 bytes" },
        { "padded-key", "exactly 64 bytes" },
        { "short-signed-key", "at least 32 bytes" },
        { "duplicate-id", "used by another key" },
        { "bad-id", "Id must be 1 to 64 characters" },
        { "window", "NotBefore must come before NotAfter" },
        { "primary-window", "primary JOSE key must have no NotBefore or NotAfter" },
        { "compression", "Compression and PaddingBucket do not apply" },
        { "audience", "Audience must be set" },
        { "mode", "Mode must be Encrypted or Signed" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Invalid_JOSE_settings_fail_at_startup_with_a_message_that_names_no_secret(string setting, string message)
    {
        var error = Validate(
            o =>
            {
                JoseTestKeys.Use(o);
                var key = o.Keys[0];
                switch (setting)
                {
                    case "no-keys":
                        o.Keys.Clear();
                        break;
                    case "no-primary":
                        o.PrimaryKeyId = null;
                        break;
                    case "unknown-primary":
                        o.PrimaryKeyId = "k9";
                        break;
                    case "short-key":
                        key.Key = JoseTestKeys.Encode(JoseTestKeys.K1[..63]);
                        break;
                    case "long-key":
                        key.Key = JoseTestKeys.Encode([.. JoseTestKeys.K1, 1]);
                        break;
                    case "padded-key":
                        key.Key = Convert.ToBase64String(JoseTestKeys.K1);
                        break;
                    case "short-signed-key":
                        o.Mode = CookieStateJoseMode.Signed;
                        key.Key = JoseTestKeys.Encode(JoseTestKeys.K1[..31]);
                        break;
                    case "duplicate-id":
                        o.Keys.Add(JoseTestKeys.Key("k1", JoseTestKeys.K2));
                        break;
                    case "bad-id":
                        o.Keys.Add(JoseTestKeys.Key("k 2", JoseTestKeys.K2));
                        break;
                    case "window":
                        o.Keys.Add(JoseTestKeys.Key("k2", JoseTestKeys.K2, notBefore: DateTimeOffset.UnixEpoch.AddDays(2), notAfter: DateTimeOffset.UnixEpoch.AddDays(1)));
                        break;
                    case "primary-window":
                        key.NotAfter = DateTimeOffset.UtcNow.AddYears(1);
                        break;
                    case "compression":
                        break;
                    case "audience":
                        o.Audience = string.Empty;
                        break;
                    default:
                        o.Mode = (CookieStateJoseMode)7;
                        break;
                }
            },
            core =>
            {
                core.Format = CookieStateFormat.Jose;
                core.Compression = setting == "compression" ? CookieStateCompression.Deflate : CookieStateCompression.None;
            });

        Assert.Contains(message, error);
        Assert.DoesNotContain(JoseTestKeys.Encode(JoseTestKeys.K1)[..16], error);
        Assert.DoesNotContain(JoseTestKeys.Encode(JoseTestKeys.K2)[..16], error);
    }

    [Fact]
    public void Keys_without_the_JOSE_format_are_still_validated_and_need_no_primary()
    {
        var readOnly = new ServiceCollection().AddLogging().AddCookieState().AddCookieStateJose(o => o.Keys.Add(JoseTestKeys.Key("k1", JoseTestKeys.K1)))
            .BuildServiceProvider().GetRequiredService<IOptions<CookieStateJoseOptions>>().Value;
        Assert.Null(readOnly.PrimaryKeyId);

        Assert.Contains("exactly 64 bytes", Validate(o => o.Keys.Add(JoseTestKeys.Key("k1", JoseTestKeys.K1[..32]))));
    }

    [Fact]
    public async Task The_JOSE_format_without_its_package_registered_fails_at_start_naming_AddCookieStateJose()
    {
        using var host = new HostBuilder()
            .ConfigureServices(s => s.AddLogging().AddCookieState(o => o.Format = CookieStateFormat.Jose))
            .Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("AddCookieStateJose", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_core_option_with_the_JOSE_package_fails_at_start_once_not_once_per_options_type()
    {
        using var host = new HostBuilder()
            .ConfigureServices(s =>
            {
                s.AddLogging().AddCookieState(o => o.IdleTimeout = TimeSpan.Zero);
                JoseTestKeys.Use(s);
            })
            .Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("IdleTimeout must be positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_JOSE_format_with_its_package_registered_starts()
    {
        using var host = new HostBuilder()
            .ConfigureServices(s =>
            {
                s.AddLogging().AddCookieState();
                JoseTestKeys.Use(s);
            })
            .Build();

        await host.StartAsync();
        await host.StopAsync();
    }
}
