using System.Text;
using CookieState.Protection.Envelope;
using CookieState.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests.Security;

/// <summary>
/// Two apps that share a key ring and application name on purpose stay apart when each sets its own
/// <c>ApplicationDiscriminator</c>; with none set, everything is sealed as before (issue 21, item 5).
/// </summary>
public sealed class ApplicationDiscriminatorTests
{
    [Theory]
    [InlineData(CookieStateFormat.Envelope)]
    [InlineData(CookieStateFormat.DataProtection)]
    public async Task Apps_sharing_a_key_ring_with_different_discriminators_refuse_each_others_cookies(CookieStateFormat format)
    {
        var keys = Directory.CreateTempSubdirectory("cookiestate-discriminator-").FullName;
        var shopRejections = new List<CookieStateRejectionReason>();
        await using var shop = await StartAsync(keys, format, "shop", shopRejections);
        await using var admin = await StartAsync(keys, format, "admin", []);
        await using var shopTwin = await StartAsync(keys, format, "shop", []);
        await using var plain = await StartAsync(keys, format, null, []);

        var adminJar = new CookieJar();
        Assert.Equal("ok", await admin.GetStringAsync("/set/role/root", adminJar));
        Assert.Equal("(null)", await shop.GetStringAsync("/get/role", adminJar.Clone()));
        Assert.Equal([CookieStateRejectionReason.Tampered], shopRejections);

        var plainJar = new CookieJar();
        Assert.Equal("ok", await plain.GetStringAsync("/set/role/root", plainJar));
        Assert.Equal("(null)", await shop.GetStringAsync("/get/role", plainJar.Clone()));

        // The same discriminator on another node reads the cookie, as any node of one app does.
        var shopJar = new CookieJar();
        Assert.Equal("ok", await shop.GetStringAsync("/set/cart/3", shopJar));
        Assert.Equal("3", await shopTwin.GetStringAsync("/get/cart", shopJar.Clone()));
        Assert.Equal("(null)", await admin.GetStringAsync("/get/cart", shopJar.Clone()));
        Assert.Equal("(null)", await plain.GetStringAsync("/get/cart", shopJar.Clone()));
    }

    [Fact]
    public void Without_a_discriminator_the_envelope_authenticated_data_starts_as_it_always_has()
    {
        var purpose = Encoding.ASCII.GetBytes("CookieState.Envelope.v1");

        Assert.Equal(purpose, EnvelopeSealer.AadPrefix(null));
        Assert.Equal(purpose, EnvelopeSealer.AadPrefix(string.Empty));
        Assert.Equal([.. purpose, 0, 4, .. "shop"u8], EnvelopeSealer.AadPrefix("shop"));
    }

    private static Task<SessionTestHost> StartAsync(string keys, CookieStateFormat format, string? discriminator, List<CookieStateRejectionReason> rejections) =>
        SessionTestHost.StartAsync(
            o =>
            {
                o.Format = format;
                o.Events.OnRejected = c =>
                {
                    rejections.Add(c.Reason);
                    return Task.CompletedTask;
                };
            },
            services: s => s.AddCookieState(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["ApplicationDiscriminator"] = discriminator })
                .Build()),
            keyDirectory: keys);
}
