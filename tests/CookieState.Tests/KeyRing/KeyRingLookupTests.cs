using System.Buffers.Binary;
using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using CookieState.Protection.DataProtection;
using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.KeyManagement.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests.KeyRing;

/// <summary>
/// "Is this key in the ring?" is answered from Data Protection's cached key ring through <see cref="IKeyRingProvider"/>, a
/// semi-internal API: these tests pin the behaviour CookieState relies on, so an update that changes it fails here first.
/// </summary>
public sealed class KeyRingLookupTests
{
    private static ServiceProvider Services(CountingXmlRepository counter, Action<IDataProtectionBuilder>? configure = null)
    {
        var services = new ServiceCollection().AddLogging();
        var dataProtection = services.AddDataProtection().PersistKeysToFileSystem(Directory.CreateTempSubdirectory("cookiestate-keys-"));
        configure?.Invoke(dataProtection);
        services.PostConfigure<KeyManagementOptions>(o => o.XmlRepository = counter.Wrap(o.XmlRepository));
        services.AddCookieState();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void The_cached_ring_answers_for_any_key_id_without_reading_the_store()
    {
        var counter = new CountingXmlRepository();
        using var services = Services(counter);
        var ring = services.GetRequiredService<IKeyRingProvider>();
        var known = ring.GetCurrentKeyRing().DefaultKeyId;
        var readsAfterLoad = counter.Reads;

        for (var i = 0; i < 100; i++)
        {
            Assert.Null(ring.GetCurrentKeyRing().GetAuthenticatedEncryptorByKeyId(Guid.NewGuid(), out _));
            Assert.NotNull(ring.GetCurrentKeyRing().GetAuthenticatedEncryptorByKeyId(known, out var revoked));
            Assert.False(revoked);
        }

        Assert.Equal(readsAfterLoad, counter.Reads);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("an-application")]
    public void The_default_provider_is_recognised_as_backed_by_the_key_ring(string? applicationName)
    {
        using var services = Services(new CountingXmlRepository(), b =>
        {
            if (applicationName is not null)
            {
                b.SetApplicationName(applicationName);
            }
        });

        Assert.True(services.GetRequiredService<DataProtectionKeyRing>().CanAnswer);
    }

    [Fact]
    public void An_ephemeral_provider_is_not_answered_for_from_a_ring_it_does_not_use()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddCookieState();
        using var provider = services.BuildServiceProvider();

        Assert.False(provider.GetRequiredService<DataProtectionKeyRing>().CanAnswer);
    }

    [Fact]
    public async Task A_burst_of_forged_key_ids_in_envelope_cookies_reads_the_store_at_most_once_inside_the_startup_window()
    {
        // Data Protection's own refresh on an unknown id is open during its first minutes: CookieState must not reach it.
        await using var farm = await KeyRingFarm.StartAsync();
        await farm.WarmUpAsync();
        var readsBefore = farm.StoreReadsOnB.Reads;

        for (var i = 0; i < 50; i++)
        {
            var jar = new CookieJar();
            jar[".CookieState"] = ForgedEnvelope(Guid.NewGuid());
            using var response = await farm.B.GetAsync("/get/user", jar);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("(null)", await response.Content.ReadAsStringAsync());
        }

        Assert.InRange(farm.StoreReadsOnB.Reads - readsBefore, 0, 1);
        Assert.All(
            farm.B.Logs.Entries.Where(e => e.EventId.Id == CookieState.Diagnostics.CookieStateEventIds.CookieRejected),
            e => Assert.Contains(nameof(CookieStateRejectionReason.UnknownKey), e.Message));
    }

    /// <summary>An envelope cookie whose wrapped data key claims a Data Protection key id nobody has.</summary>
    private static string ForgedEnvelope(Guid keyId)
    {
        var wrapped = RandomNumberGenerator.GetBytes(132);
        BinaryPrimitives.WriteUInt32BigEndian(wrapped, 0x09F0C9F0);
        keyId.TryWriteBytes(wrapped.AsSpan(4, 16));
        var blob = new byte[8 + wrapped.Length + 12 + 40 + 16];
        BinaryPrimitives.WriteUInt32BigEndian(blob, uint.MaxValue);
        BinaryPrimitives.WriteUInt16BigEndian(blob.AsSpan(6), (ushort)wrapped.Length);
        wrapped.CopyTo(blob, 8);
        return "E1." + Base64Url.EncodeToString(blob);
    }
}
