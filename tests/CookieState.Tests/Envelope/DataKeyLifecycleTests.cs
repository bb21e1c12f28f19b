using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics.Metrics;
using CookieState.Diagnostics;
using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace CookieState.Tests.Envelope;

/// <summary>
/// The envelope format's data keys: made per node, wrapped by Data Protection, retired by count, age and default-key
/// change, cached by other nodes for a bounded time, and never trusted once their wrapping key is revoked.
/// </summary>
public sealed class DataKeyLifecycleTests : IDisposable
{
    private readonly string _keys = Directory.CreateTempSubdirectory("cookiestate-keys-").FullName;
    private readonly List<PipelineHarness> _nodes = [];

    private PipelineHarness Node(Action<CookieStateOptions>? configure = null)
    {
        var node = new PipelineHarness(configure, keyDirectory: _keys);
        _nodes.Add(node);
        return node;
    }

    private static MetricCollector<long> Count(PipelineHarness node, string instrument) =>
        new(node.Services.GetRequiredService<IMeterFactory>(), CookieStateDiagnostics.MeterName, instrument);

    /// <summary>The wrapped data key a sealed envelope cookie carries.</summary>
    private static byte[] WrappedKey(List<RequestCookie> cookies)
    {
        var text = cookies[0].Value;
        var blob = Base64Url.DecodeFromChars(text.AsSpan(3));
        var length = BinaryPrimitives.ReadUInt16BigEndian(blob.AsSpan(6));
        return blob.AsSpan(8, length).ToArray();
    }

    private static Guid WrappingKeyId(List<RequestCookie> cookies) => new(WrappedKey(cookies).AsSpan(4, 16));

    private List<RequestCookie> Seal(PipelineHarness node, string value = "v") => node.Seal(node.NewState([new("k", System.Text.Encoding.UTF8.GetBytes(value))]));

    [Fact]
    public void A_node_seals_many_sessions_under_one_data_key_and_each_cookie_carries_it_wrapped()
    {
        var node = Node();

        var first = Seal(node);
        var second = Seal(node);

        Assert.Equal(WrappedKey(first), WrappedKey(second));
        Assert.NotEqual(first[0].Value, second[0].Value);
        Assert.Equal("v", System.Text.Encoding.UTF8.GetString(node.Load(second).Payload!.Entries["k"]));
    }

    [Fact]
    public void A_data_key_retires_after_its_seal_count_and_cookies_under_it_still_open_as_sealed_with_an_old_key()
    {
        var node = Node(o => o.Envelope.DataKeyMaxSeals = 3);
        using var created = Count(node, "cookiestate.datakeys.created");

        var early = Enumerable.Range(0, 3).Select(_ => Seal(node)).ToArray();
        var late = Seal(node);

        Assert.Single(early.Select(WrappedKey).Distinct(ByteArrays.Comparer));
        Assert.NotEqual(WrappedKey(early[0]), WrappedKey(late));
        Assert.Equal(2, created.GetMeasurementSnapshot().Count);
        var reread = node.Load(early[0]);
        Assert.NotNull(reread.Payload);
        Assert.True(reread.SealedWithOldKey);
        Assert.False(node.Load(late).SealedWithOldKey);
    }

    [Fact]
    public void A_data_key_retires_after_its_lifetime()
    {
        var node = Node(o => o.Envelope.DataKeyLifetime = TimeSpan.FromMinutes(10));
        var before = Seal(node);

        node.Clock.Advance(TimeSpan.FromMinutes(9));
        var stillSame = Seal(node);
        node.Clock.Advance(TimeSpan.FromMinutes(1));
        var after = Seal(node);

        Assert.Equal(WrappedKey(before), WrappedKey(stillSame));
        Assert.NotEqual(WrappedKey(before), WrappedKey(after));
    }

    [Fact]
    public void A_data_key_retires_when_Data_Protections_default_key_changes()
    {
        var node = Node();
        var before = Seal(node);
        var keyManager = node.Services.GetRequiredService<IKeyManager>();

        var now = DateTimeOffset.UtcNow;
        var newKey = keyManager.CreateNewKey(now, now.AddDays(90)).KeyId;
        KeyRing.DataProtectionInternals.WaitForDefaultKey(node.Services, newKey);
        var after = Seal(node);

        Assert.NotEqual(newKey, WrappingKeyId(before));
        Assert.Equal(newKey, WrappingKeyId(after));
        Assert.NotNull(node.Load(before).Payload);
    }

    [Fact]
    public void Another_node_unwraps_a_foreign_data_key_once_and_then_opens_from_its_cache()
    {
        var nodeA = Node();
        var nodeB = Node();
        using var unwrapped = Count(nodeB, "cookiestate.datakeys.unwrapped");

        for (var i = 0; i < 5; i++)
        {
            Assert.NotNull(nodeB.Load(Seal(nodeA, "v" + i)).Payload);
        }

        Assert.Single(unwrapped.GetMeasurementSnapshot());
    }

    [Fact]
    public void A_node_opens_with_a_foreign_data_key_but_reseals_under_its_own()
    {
        var nodeA = Node();
        var nodeB = Node();
        var fromA = Seal(nodeA);

        var loaded = nodeB.Load(fromA).Payload!;
        var fromB = nodeB.Seal(loaded);

        // Sealing with A's key on B could repeat nonces A already used under it.
        Assert.NotEqual(WrappedKey(fromA), WrappedKey(fromB));
        Assert.Equal(WrappedKey(fromB), WrappedKey(Seal(nodeB)));
        Assert.Equal("v", System.Text.Encoding.UTF8.GetString(nodeA.Load(fromB).Payload!.Entries["k"]));
    }

    [Fact]
    public void Cached_data_keys_are_forgotten_after_their_cache_lifetime_and_when_the_cache_is_full()
    {
        var nodeA = Node(o => o.Envelope.DataKeyMaxSeals = 1);
        var nodeB = Node(o =>
        {
            o.Envelope.DataKeyCacheSize = 2;
            o.Envelope.DataKeyCacheLifetime = TimeSpan.FromMinutes(5);
        });
        using var unwrapped = Count(nodeB, "cookiestate.datakeys.unwrapped");

        // Four data keys (one seal each) through a cache of two: every one is unwrapped, and the cache stays bounded.
        var cookies = Enumerable.Range(0, 4).Select(i => Seal(nodeA, "v" + i)).ToArray();
        foreach (var cookie in cookies)
        {
            Assert.NotNull(nodeB.Load(cookie).Payload);
        }

        Assert.Equal(4, unwrapped.GetMeasurementSnapshot().Count);
        Assert.InRange(nodeB.Services.GetRequiredService<CookieState.Protection.Envelope.DataKeyRing>().CachedKeyCount, 1, 2);

        // The last one is cached... until its lifetime ends.
        Assert.NotNull(nodeB.Load(cookies[3]).Payload);
        Assert.Equal(4, unwrapped.GetMeasurementSnapshot().Count);
        nodeB.Clock.Advance(TimeSpan.FromMinutes(5));
        nodeA.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.NotNull(nodeB.Load(cookies[3]).Payload);
        Assert.Equal(5, unwrapped.GetMeasurementSnapshot().Count);
    }

    [Fact]
    public void Once_its_wrapping_key_is_revoked_a_data_key_stops_opening_cookies_within_the_cache_lifetime()
    {
        var nodeA = Node();
        var nodeB = Node(o => o.Envelope.DataKeyCacheLifetime = TimeSpan.FromMinutes(5));
        var cookie = Seal(nodeA);
        Assert.NotNull(nodeB.Load(cookie).Payload);

        nodeB.Services.GetRequiredService<IKeyManager>().RevokeKey(WrappingKeyId(cookie), "compromised (test)");
        KeyRing.DataProtectionInternals.WaitForRevocation(nodeB.Services, WrappingKeyId(cookie));
        nodeB.Clock.Advance(TimeSpan.FromMinutes(5));
        nodeA.Clock.Advance(TimeSpan.FromMinutes(5));

        var result = nodeB.Load(cookie);

        Assert.Null(result.Payload);
        Assert.Equal(CookieStateRejectionReason.KeyRevoked, result.Rejection);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(30)]
    [InlineData(131)]
    public void A_tampered_wrapped_key_is_rejected_and_never_cached(int offset)
    {
        var nodeA = Node();
        var nodeB = Node();
        var cookie = Seal(nodeA);
        var blob = Base64Url.DecodeFromChars(cookie[0].Value.AsSpan(3));
        blob[8 + offset] ^= 0x01;
        var tampered = new List<RequestCookie> { cookie[0] with { Value = "E1." + Base64Url.EncodeToString(blob) } };

        var result = nodeB.Load(tampered);

        Assert.Null(result.Payload);
        Assert.Contains(result.Rejection, new CookieStateRejectionReason?[] { CookieStateRejectionReason.Tampered, CookieStateRejectionReason.Malformed, CookieStateRejectionReason.UnknownKey });
        Assert.NotNull(nodeB.Load(cookie).Payload);
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
    }
}
