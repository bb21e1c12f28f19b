using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using CookieState.Protection.Envelope;
using CookieState.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests.Envelope;

/// <summary>
/// A process restored twice from one snapshot (cloned VMs, CRIU, Firecracker) holds the same data key, the same seal
/// counter and a random generator that returns the same bytes in both. Its nonces are derived from the message, so the
/// clones repeat a (key, nonce) pair only for an identical message, which reveals only that the two are equal.
/// </summary>
public sealed class CloneNonceTests
{
    private static readonly byte[] Material = Enumerable.Range(1, DataKey.KeySize).Select(i => (byte)i).ToArray();
    private static readonly byte[] Wrapped = Enumerable.Range(0, 132).Select(i => (byte)(i * 7)).ToArray();

    // A snapshot's generator state: every clone draws these very bytes.
    private static EnvelopeRandom Frozen() => new(span => span.Fill(0x5A));

    private static DataKey Clone() =>
        new(Material.ToArray(), Wrapped, Guid.Empty, PipelineHarness.Start, DateTimeOffset.MaxValue, sealsHere: true, Frozen());

    private static byte[] Nonce(DataKey key, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext)
    {
        var nonce = new byte[DataKey.NonceSize];
        key.NextNonce(nonce, aad, plaintext);
        return nonce;
    }

    [Fact]
    public void Two_clones_sealing_different_messages_use_different_nonces()
    {
        var first = Clone();
        var second = Clone();
        var aad = "same header"u8.ToArray();

        Assert.NotEqual(Nonce(first, aad, "cart=1"u8), Nonce(second, aad, "cart=2"u8));
    }

    [Fact]
    public void Two_clones_sealing_the_same_plaintext_under_different_headers_use_different_nonces()
    {
        var first = Clone();
        var second = Clone();

        Assert.NotEqual(Nonce(first, "hint 1"u8, "cart=1"u8), Nonce(second, "hint 2"u8, "cart=1"u8));
    }

    [Fact]
    public void Two_clones_sealing_one_message_use_one_nonce_which_reveals_only_that_the_messages_are_equal()
    {
        Assert.Equal(Nonce(Clone(), "h"u8, "cart=1"u8), Nonce(Clone(), "h"u8, "cart=1"u8));
    }

    [Fact]
    public void One_key_never_repeats_a_nonce_even_for_one_message_and_a_frozen_generator()
    {
        var key = Clone();

        var nonces = Enumerable.Range(0, 1000).Select(_ => Convert.ToHexString(Nonce(key, "h"u8, "cart=1"u8))).ToList();

        Assert.Equal(nonces.Count, nonces.Distinct().Count());
    }

    [Fact]
    public void The_nonce_is_the_documented_HMAC_of_counter_random_bytes_header_and_plaintext()
    {
        using var node = new PipelineHarness(services: s => s.AddSingleton(Frozen()));
        var cookies = node.Seal(node.NewState([new("k", "v"u8.ToArray())]));
        var blob = Base64Url.DecodeFromChars(cookies[0].Value.AsSpan(3));
        var headerLength = 8 + BinaryPrimitives.ReadUInt16BigEndian(blob.AsSpan(6));
        using var opened = node.Sealer(CookieStateFormat.Envelope).Open(cookies[0].Value);

        // The frozen generator made the data key too: 32 bytes of 0x5A.
        var material = new byte[DataKey.KeySize];
        material.AsSpan().Fill(0x5A);
        var nonceKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, material, 32, [], "CookieState.Envelope.Nonce.v1"u8.ToArray());
        byte[] aad = [.. "CookieState.Envelope.v1"u8, .. blob.AsSpan(0, headerLength)];
        var input = new byte[8 + 16 + 4 + aad.Length + opened.Plaintext.Length];
        BinaryPrimitives.WriteInt64BigEndian(input, 1);
        input.AsSpan(8, 16).Fill(0x5A);
        BinaryPrimitives.WriteInt32BigEndian(input.AsSpan(24), aad.Length);
        aad.CopyTo(input, 28);
        opened.Plaintext.CopyTo(input.AsSpan(28 + aad.Length));
        var expected = HMACSHA256.HashData(nonceKey, input).AsSpan(0, DataKey.NonceSize).ToArray();

        Assert.Equal(expected, blob.AsSpan(headerLength, DataKey.NonceSize).ToArray());
    }
}
