using CookieState.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CookieState.Tests.Envelope;

/// <summary>
/// <c>ReadFormats</c> lets an operator stop reading a format (after a key compromise, say) while the written one is always
/// read (issue 21, item 6). Set through configuration, as an operator would.
/// </summary>
public sealed class ReadFormatsTests
{
    [Fact]
    public async Task A_node_told_to_read_only_the_envelope_format_refuses_a_Data_Protection_cookie_and_reads_its_own()
    {
        var keys = Directory.CreateTempSubdirectory("cookiestate-readformats-").FullName;
        await using var legacyNode = await SessionTestHost.StartAsync(o => o.Format = CookieStateFormat.DataProtection, keyDirectory: keys);
        var rejected = new List<CookieStateRejectionReason>();
        await using var strictNode = await SessionTestHost.StartAsync(
            o => o.Events.OnRejected = c =>
            {
                rejected.Add(c.Reason);
                return Task.CompletedTask;
            },
            services: s => s.AddCookieState(Configure(new() { ["CookieState:ReadFormats:0"] = "Envelope" })),
            keyDirectory: keys);

        var legacyJar = new CookieJar();
        Assert.Equal("1", await legacyNode.GetStringAsync("/count", legacyJar));
        Assert.Equal("1", await strictNode.GetStringAsync("/count", legacyJar));
        Assert.Equal([CookieStateRejectionReason.AlgorithmNotAllowed], rejected);

        var jar = new CookieJar();
        Assert.Equal("1", await strictNode.GetStringAsync("/count", jar));
        Assert.Equal("2", await strictNode.GetStringAsync("/count", jar));
    }

    [Fact]
    public async Task By_default_every_registered_format_is_read()
    {
        var keys = Directory.CreateTempSubdirectory("cookiestate-readformats-").FullName;
        await using var legacyNode = await SessionTestHost.StartAsync(o => o.Format = CookieStateFormat.DataProtection, keyDirectory: keys);
        await using var envelopeNode = await SessionTestHost.StartAsync(keyDirectory: keys);
        var jar = new CookieJar();

        Assert.Equal("1", await legacyNode.GetStringAsync("/count", jar));
        Assert.Equal("2", await envelopeNode.GetStringAsync("/count", jar));
    }

    [Fact]
    public async Task Read_formats_that_leave_out_the_written_format_fail_at_start()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => SessionTestHost.StartAsync(
            o => o.Format = CookieStateFormat.DataProtection,
            services: s => s.AddCookieState(Configure(new() { ["CookieState:ReadFormats:0"] = "Envelope" }))));

        Assert.Contains("ReadFormats must include Format", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_formats_naming_an_unregistered_format_fail_at_start()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => SessionTestHost.StartAsync(
            services: s => s.AddCookieState(Configure(new() { ["CookieState:ReadFormats:0"] = "Envelope", ["CookieState:ReadFormats:1"] = "Jose" }))));

        Assert.Contains("ReadFormats lists Jose", failure.Message, StringComparison.Ordinal);
    }

    private static IConfigurationSection Configure(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("CookieState");
}
