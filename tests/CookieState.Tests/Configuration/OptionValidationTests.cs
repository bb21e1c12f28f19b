using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CookieState.Tests.Configuration;

/// <summary>Options that would fail quietly (a dropped or persistent cookie, impossible limits) are refused at startup.</summary>
public sealed class OptionValidationTests
{
    public static TheoryData<string, string> Refused() => new()
    {
        { "expiration", "Cookie.Expiration" },
        { "max-age", "Cookie.MaxAge" },
        { "samesite-none-over-http", "SameSite = None" },
        { "chunk-over-4k", "ChunkSize" },
        { "max-idle-beyond-absolute", "MaxIdleTimeout" },
        { "idle-beyond-absolute", "IdleTimeout must not exceed AbsoluteTimeout" },
        { "negative-skew", "MaxClockSkew" },
        { "too-many-chunks", "MaxChunkCount" },
        { "unknown-format", "Format" },
        { "data-key-seals", "DataKeyMaxSeals" },
        { "long-attributes", "leaves too little room" },
        { "data-key-seals-beyond-gcm", "DataKeyMaxSeals" },
        { "data-key-version", "WriteDataKeyVersion" },
        { "data-key-v1-unread", "WriteDataKeyVersion = 1 needs Envelope.ReadV1DataKeys" },
    };

    private static void Apply(CookieStateOptions o, string option)
    {
        switch (option)
        {
            case "expiration":
                o.Cookie.Expiration = TimeSpan.FromDays(14);
                break;
            case "max-age":
                o.Cookie.MaxAge = TimeSpan.FromDays(14);
                break;
            case "samesite-none-over-http":
                o.Cookie.SameSite = SameSiteMode.None;
                break;
            case "chunk-over-4k":
                o.ChunkSize = 8000;
                break;
            case "max-idle-beyond-absolute":
                o.MaxIdleTimeout = TimeSpan.FromDays(2);
                break;
            case "idle-beyond-absolute":
                o.IdleTimeout = TimeSpan.FromDays(1);
                break;
            case "negative-skew":
                o.MaxClockSkew = TimeSpan.FromSeconds(-1);
                break;
            case "too-many-chunks":
                o.MaxChunkCount = 65;
                break;
            case "unknown-format":
                o.Format = (CookieStateFormat)42;
                break;
            case "data-key-seals":
                o.Envelope.DataKeyMaxSeals = 0;
                break;
            case "data-key-seals-beyond-gcm":
                o.Envelope.DataKeyMaxSeals = (1L << 32) + 1;
                break;
            case "data-key-version":
                o.Envelope.WriteDataKeyVersion = 3;
                break;
            case "data-key-v1-unread":
                o.Envelope.WriteDataKeyVersion = 1;
                o.Envelope.ReadV1DataKeys = false;
                break;
            default:
                o.ChunkSize = 300;
                o.Cookie.Domain = new string('d', 200) + ".example";
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task An_option_that_would_fail_quietly_is_refused_at_startup_with_a_message_that_names_it(string option, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SessionTestHost.StartAsync(o => Apply(o, option)));

        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("revocation-prefix", "KeyPrefix")]
    [InlineData("revocation-mode", "FailureMode")]
    [InlineData("revocation-timeout", "Timeout")]
    [InlineData("replica-staleness", "MaxStaleness must be at least MaxPropagationDelay")]
    [InlineData("replica-entries", "MaxEntries")]
    [InlineData("pickup-interval", "MinLookupInterval")]
    [InlineData("pickup-reload", "ReloadTimeout")]
    [InlineData("pickup-remembered", "MaxRememberedUnknownKeys")]
    public void Revocation_and_key_pickup_options_that_cannot_work_are_refused_naming_the_option(string option, string message)
    {
        var services = new ServiceCollection().AddLogging().AddCookieState().AddCookieStateRevocation(o =>
        {
            o.KeyPrefix = option == "revocation-prefix" ? "" : o.KeyPrefix;
            o.FailureMode = option == "revocation-mode" ? (CookieStateRevocationFailureMode)7 : o.FailureMode;
            o.Timeout = option == "revocation-timeout" ? TimeSpan.FromDays(30) : o.Timeout;
            o.MaxStaleness = option == "replica-staleness" ? TimeSpan.FromMilliseconds(500) : o.MaxStaleness;
            o.MaxEntries = option == "replica-entries" ? 0 : o.MaxEntries;
        }).Services;
        services.Configure<CookieStateKeyPickupOptions>(o =>
        {
            o.MinLookupInterval = option == "pickup-interval" ? TimeSpan.FromSeconds(-1) : o.MinLookupInterval;
            o.ReloadTimeout = option == "pickup-reload" ? TimeSpan.Zero : o.ReloadTimeout;
            o.MaxRememberedUnknownKeys = option == "pickup-remembered" ? -1 : o.MaxRememberedUnknownKeys;
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() =>
        {
            _ = provider.GetRequiredService<IOptions<CookieStateRevocationOptions>>().Value;
            _ = provider.GetRequiredService<IOptions<CookieStateKeyPickupOptions>>().Value;
        });

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SameSite_None_with_Secure_always_is_accepted()
    {
        await using var host = await SessionTestHost.StartAsync(o =>
        {
            o.Cookie.SameSite = SameSiteMode.None;
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        });

        using var response = await host.GetAsync("/set/a/1", new CookieJar());

        Assert.Contains("samesite=none", response.Headers.GetValues("Set-Cookie").Single(), StringComparison.OrdinalIgnoreCase);
    }
}
