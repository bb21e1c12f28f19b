using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using CookieState.Protection.Envelope;
using CookieState.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests.Envelope;

/// <summary>
/// A data key is sealed with its creation time, and every node refuses it once no cookie sealed under it can still be
/// live: creation + <c>DataKeyLifetime</c> + the longest idle window + <c>MaxClockSkew</c>. Whoever kept a data key (a
/// heap dump) forges sessions only until then, not until the wrapping Data Protection key is revoked.
/// </summary>
public sealed class DataKeyExpiryTests : IDisposable
{
    // Defaults: 1 h lifetime + 20 min × (1 + 0.5) idle window + 5 min skew.
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(95) + TimeSpan.FromSeconds(1); // the window plus the second an issue time may be rounded up by

    private readonly string _keys = Directory.CreateTempSubdirectory("cookiestate-keys-").FullName;
    private readonly List<PipelineHarness> _nodes = [];

    private PipelineHarness Node(Action<CookieStateOptions>? configure = null)
    {
        var node = new PipelineHarness(configure, keyDirectory: _keys);
        _nodes.Add(node);
        return node;
    }

    private void Advance(TimeSpan by)
    {
        foreach (var node in _nodes)
        {
            node.Clock.Advance(by);
        }
    }

    /// <summary>Seals a first session on <paramref name="node"/> and returns the data key it sealed with, as a heap dump would.</summary>
    private static DataKey KeepDataKey(PipelineHarness node)
    {
        node.Seal(node.NewState([new("k", "v"u8.ToArray())]));
        return node.Services.GetRequiredService<DataKeyRing>().GetSealingKey();
    }

    /// <summary>What a forger holding a data key can make: a fresh session, any id and entries, issued now.</summary>
    private static List<RequestCookie> Forge(PipelineHarness node, DataKey kept)
    {
        var plaintext = node.Encode(node.NewState([new("role", "admin"u8.ToArray())]));
        var wrapped = kept.Wrapped;
        var headerLength = 8 + wrapped.Length;
        var blob = new byte[headerLength + DataKey.NonceSize + plaintext.Length + DataKey.TagSize];
        BinaryPrimitives.WriteUInt32BigEndian(blob, (uint)node.Clock.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds());
        BinaryPrimitives.WriteUInt16BigEndian(blob.AsSpan(6), (ushort)wrapped.Length);
        wrapped.CopyTo(blob, 8);
        var nonce = blob.AsSpan(headerLength, DataKey.NonceSize);
        RandomNumberGenerator.Fill(nonce);
        byte[] aad = [.. "CookieState.Envelope.v1"u8, .. blob.AsSpan(0, headerLength)];
        kept.Encrypt(nonce, plaintext, blob.AsSpan(headerLength + DataKey.NonceSize, plaintext.Length), blob.AsSpan(blob.Length - DataKey.TagSize), aad);
        return node.Split("E1." + Base64Url.EncodeToString(blob));
    }

    [Fact]
    public void A_forgery_with_a_kept_data_key_is_accepted_just_inside_the_bound()
    {
        var writer = Node();
        var reader = Node();
        var kept = KeepDataKey(writer);

        Advance(Bound - TimeSpan.FromMilliseconds(1));

        Assert.NotNull(reader.Load(Forge(reader, kept)).Payload);
        Assert.NotNull(writer.Load(Forge(writer, kept)).Payload);
    }

    [Fact]
    public void A_forgery_with_a_kept_data_key_is_refused_just_past_the_bound()
    {
        var writer = Node();
        var reader = Node();
        var kept = KeepDataKey(writer);

        Advance(Bound);

        var result = reader.Load(Forge(reader, kept));

        Assert.Null(result.Payload);
        Assert.Equal(CookieStateRejectionReason.KeyRevoked, result.Rejection);
    }

    [Fact]
    public void The_nodes_own_current_data_key_is_refused_once_expired()
    {
        var node = Node();
        var kept = KeepDataKey(node);

        Advance(Bound);

        // The node has sealed nothing since: the expired key is still the one it holds as current.
        var result = node.Load(Forge(node, kept));

        Assert.Null(result.Payload);
        Assert.Equal(CookieStateRejectionReason.KeyRevoked, result.Rejection);
    }

    [Fact]
    public void A_cached_data_key_is_forgotten_at_its_expiry_however_long_the_cache_keeps_keys()
    {
        var writer = Node();
        var reader = Node(o => o.Envelope.DataKeyCacheLifetime = TimeSpan.FromDays(1));
        var kept = KeepDataKey(writer);
        Assert.NotNull(reader.Load(Forge(reader, kept)).Payload);

        Advance(Bound);

        Assert.Null(reader.Load(Forge(reader, kept)).Payload);
    }

    [Fact]
    public void The_bound_follows_the_longest_idle_window_the_lifetime_and_the_skew()
    {
        Action<CookieStateOptions> options = o =>
        {
            o.Envelope.DataKeyLifetime = TimeSpan.FromMinutes(10);
            o.IdleTimeout = TimeSpan.FromMinutes(5);
            o.MaxIdleTimeout = TimeSpan.FromMinutes(20);
            o.RefreshThreshold = 0.25;
            o.MaxClockSkew = TimeSpan.FromMinutes(1);
        };
        var writer = Node(options);
        var reader = Node(options);
        var kept = KeepDataKey(writer);
        var bound = TimeSpan.FromMinutes(10 + (20 * 1.25) + 1) + TimeSpan.FromSeconds(1);

        Advance(bound - TimeSpan.FromMilliseconds(1));
        Assert.NotNull(reader.Load(Forge(reader, kept)).Payload);
        Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(reader.Load(Forge(reader, kept)).Payload);
    }

    [Fact]
    public void Version_1_wrapped_keys_are_read_only_while_ReadV1DataKeys_is_on()
    {
        var oldWriter = Node(o => o.Envelope.WriteDataKeyVersion = 1);
        var reader = Node();
        var strictReader = Node(o => o.Envelope.ReadV1DataKeys = false);
        var cookie = oldWriter.Seal(oldWriter.NewState([new("k", "v"u8.ToArray())]));

        Assert.NotNull(oldWriter.Load(cookie).Payload);
        Assert.NotNull(reader.Load(cookie).Payload);
        var refused = strictReader.Load(cookie);
        Assert.Null(refused.Payload);
        Assert.Equal(CookieStateRejectionReason.KeyRevoked, refused.Rejection);
    }

    [Fact]
    public void A_version_1_key_has_no_expiry_which_is_why_ReadV1DataKeys_must_end()
    {
        var oldWriter = Node(o => o.Envelope.WriteDataKeyVersion = 1);
        var reader = Node();
        var kept = KeepDataKey(oldWriter);

        Advance(TimeSpan.FromDays(30));

        Assert.NotNull(reader.Load(Forge(reader, kept)).Payload);
    }

    [Fact]
    public void Both_wrapped_key_versions_make_cookies_of_the_same_length()
    {
        var v1 = Node(o => o.Envelope.WriteDataKeyVersion = 1);
        var v2 = Node();
        var state = v1.NewState([new("k", new byte[300])]);

        // Data Protection pads to whole cipher blocks: the 9 bytes of version and creation time fit the padding of a bare key.
        Assert.Equal(v1.Seal(state)[0].Value.Length, v2.Seal(state)[0].Value.Length);
    }

    [Fact]
    public void A_node_writing_version_1_reads_its_own_cookies_and_version_2_nodes_read_them_too()
    {
        var v1 = Node(o => o.Envelope.WriteDataKeyVersion = 1);
        var v2 = Node();
        var fromV2 = v2.Seal(v2.NewState([new("k", "2"u8.ToArray())]));
        var fromV1 = v1.Seal(v1.NewState([new("k", "1"u8.ToArray())]));

        Assert.Equal("2"u8.ToArray(), v1.Load(fromV2).Payload!.Entries["k"]);
        Assert.Equal("1"u8.ToArray(), v2.Load(fromV1).Payload!.Entries["k"]);
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
    }
}
