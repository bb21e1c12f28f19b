using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CookieState.Tests.KeyRing;

/// <summary>Two nodes sharing one key ring folder and one fake clock, with a <c>/keyid</c> endpoint.</summary>
public sealed class KeyRingFarm : IAsyncDisposable
{
    private KeyRingFarm(SessionTestHost a, SessionTestHost b, FakeTimeProvider clock, string keyDirectory, CountingXmlRepository storeReadsOnB)
    {
        A = a;
        B = b;
        Clock = clock;
        KeyDirectory = keyDirectory;
        StoreReadsOnB = storeReadsOnB;
    }

    public SessionTestHost A { get; }

    public SessionTestHost B { get; }

    public FakeTimeProvider Clock { get; }

    public string KeyDirectory { get; }

    /// <summary>Reads of the key store made by node B (Data Protection's and CookieState's alike).</summary>
    public CountingXmlRepository StoreReadsOnB { get; }

    public static async Task<KeyRingFarm> StartAsync(bool pickup = true, string? keyDirectory = null, Action<IServiceCollection>? services = null)
    {
        keyDirectory ??= Directory.CreateTempSubdirectory("cookiestate-farm-").FullName;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var counter = new CountingXmlRepository();
        var a = await SessionTestHost.StartAsync(keyDirectory: keyDirectory, clock: clock, endpoints: MapKeyId, services: s =>
        {
            Configure(s, pickup);
            services?.Invoke(s);
        });
        var b = await SessionTestHost.StartAsync(keyDirectory: keyDirectory, clock: clock, endpoints: MapKeyId, services: s =>
        {
            Configure(s, pickup);
            services?.Invoke(s);
            s.PostConfigure<KeyManagementOptions>(o => o.XmlRepository = counter.Wrap(o.XmlRepository));
        });
        return new KeyRingFarm(a, b, clock, keyDirectory, counter);
    }

    /// <summary>Makes each node load its key ring by serving a session request; A goes first so only one key is created.</summary>
    public async Task WarmUpAsync()
    {
        var jar = new CookieJar();
        Assert.Equal("ok", await A.GetStringAsync("/set/warm/a", jar));
        Assert.Equal("a", await B.GetStringAsync("/get/warm", jar));
    }

    /// <summary>Cookies that look like a CookieState session sealed with a key id nobody has.</summary>
    public static CookieJar ForgedCookie(Guid keyId)
    {
        var payload = RandomNumberGenerator.GetBytes(4 + 16 + 96);
        BinaryPrimitives.WriteUInt32BigEndian(payload, 0x09F0C9F0);
        keyId.TryWriteBytes(payload.AsSpan(4, 16));
        var text = Base64Url.EncodeToString(payload);
        var jar = new CookieJar();
        jar[CookieStateDefaults.CookieName] = $"1.{Chunks.LegacyTag(text)}.{text}";
        return jar;
    }

    public static async Task<Guid> SealingKeyAsync(SessionTestHost node, CookieJar jar)
    {
        var text = await node.GetStringAsync("/keyid", jar);
        return Guid.Parse(text);
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }

    private static void Configure(IServiceCollection services, bool pickup) =>
        services.Configure<CookieStateKeyPickupOptions>(o => o.Enabled = pickup);

    private static void MapKeyId(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder e) =>
        e.MapGet("/keyid", (HttpContext c) => c.Features.Get<ICookieStateFeature>()!.Inspect().KeyId ?? "(none)");
}
