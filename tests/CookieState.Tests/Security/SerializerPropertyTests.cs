using FsCheck.Fluent;
using Xunit.Abstractions;

namespace CookieState.Tests.Security;

public sealed class SerializerPropertyTests(ITestOutputHelper output)
{
    [Fact]
    public void Any_dictionary_of_unicode_keys_to_bytes_round_trips_exactly()
    {
        var arbitrary = Generators.Entries(maxKeys: 40, maxKeyScalars: 40).ToArbitrary();
        PropertyRunner.Check(output, "serializer round trip", arbitrary, entries =>
        {
            var state = StateWith(entries);

            var bytes = SessionStateSerializer.Serialize(state);
            var back = SessionStateSerializer.Deserialize(bytes, maxKeyCount: 1024, maxKeyLength: 65535);

            Assert.Equal(bytes.Length, SessionStateSerializer.GetSerializedSize(state));
            AssertSameState(state, back);
        });
    }

    [Fact]
    public void Any_dictionary_round_trips_through_compression_and_padding()
    {
        var arbitrary = FsCheck.Fluent.Gen.Zip(
                Generators.Entries(maxKeys: 20, maxKeyScalars: 20),
                FsCheck.Fluent.Gen.Elements(0, 1, 16, 64, 256, 1000))
            .ToArbitrary();
        var codecs = new Dictionary<int, SessionPayloadCodec>();
        PropertyRunner.Check(output, "codec round trip", arbitrary, input =>
        {
            var (entries, bucket) = input;
            var codec = new SessionPayloadCodec(new CookieStateOptions
            {
                Compression = CookieStateCompression.Deflate,
                PaddingBucket = bucket,
                MaxDecompressedSize = 16 * 1024 * 1024,
            });
            var state = StateWith(entries);

            var plaintext = codec.Encode(state);
            var back = codec.Decode(plaintext);

            AssertSameState(state, back);
            if (bucket > 0)
            {
                Assert.Equal(0, plaintext.Length % bucket);
            }
        });
    }

    internal static SessionState StateWith(Dictionary<string, byte[]> entries)
    {
        var state = SessionState.CreateNew(StoreHarness.Start);
        foreach (var (key, value) in entries)
        {
            state.Entries[key] = value;
        }

        return state;
    }

    internal static void AssertSameState(SessionState expected, SessionState actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.IssuedAt, actual.IssuedAt);
        Assert.Equal(expected.Entries.Count, actual.Entries.Count);
        foreach (var (key, value) in expected.Entries)
        {
            Assert.True(actual.Entries.TryGetValue(key, out var read), "A key did not come back.");
            Assert.True(value.AsSpan().SequenceEqual(read), "A value did not come back byte for byte.");
        }
    }
}
