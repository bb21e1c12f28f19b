using CookieState.Jose.Protection;
using CookieState.Serialization;
using CookieState.Tests.Infrastructure;
using CookieState.Tests.Properties;
using CookieState.Tests.Units;

namespace CookieState.Tests.Security;

public sealed class SerializerPropertyTests
{
    private static readonly BinaryStateCodec Version3 = new(BinaryLayout.Version3, 1024, 65535);
    private static readonly BinaryStateCodec Version1 = new(BinaryLayout.Version1, 1024, 65535);

    [CookieStateProperty]
    public void Any_dictionary_of_unicode_keys_to_bytes_round_trips_exactly_in_both_layouts(AnyEntries entries, bool legacy, bool ownTimeout)
    {
        var codec = legacy ? Version1 : Version3;
        var state = StateWith(entries.Values, ownTimeout ? TimeSpan.FromSeconds(90) : null);

        var bytes = BinaryStateCodecTests.Write(codec, state);
        var back = codec.Read(bytes);

        AssertSameState(state, back);
    }

    [CookieStateProperty]
    public void Any_dictionary_round_trips_through_compression_and_padding(AnyEntries entries, byte bucketChoice)
    {
        var bucket = new[] { 0, 1, 16, 64, 256, 1000 }[bucketChoice % 6];
        var compression = new PayloadCompression(CookieStateCompression.Deflate, 16 * 1024 * 1024, bucket);
        var state = StateWith(entries.Values, null);
        var bytes = BinaryStateCodecTests.Write(Version3, state);
        var plain = new PooledBytes(bytes.Length);
        bytes.CopyTo(plain.Span);

        using var wrapped = compression.Wrap(plain);
        PooledBytes inflated = default;
        var inner = PayloadCompression.IsFrame(wrapped.Span) ? compression.Unwrap(wrapped.Span, out inflated) : wrapped.Span;
        try
        {
            AssertSameState(state, Version3.Read(inner));
        }
        finally
        {
            inflated.Dispose();
        }

        if (bucket > 0)
        {
            Assert.Equal(0, wrapped.Length % bucket);
        }
    }

    [CookieStateProperty]
    public void Tracked_size_equals_the_serialized_size_after_any_sequence_of_changes(SessionEdit[] edits, bool legacy, bool ownTimeout)
    {
        var codec = legacy ? Version1 : Version3;
        var entries = SessionEntries.Empty(codec);
        foreach (var edit in edits)
        {
            edit.ApplyTo(entries);
        }

        var state = StateWith(entries.Values, ownTimeout ? TimeSpan.FromMinutes(3) : null);
        var serialized = BinaryStateCodecTests.Write(codec, state);

        Assert.Equal(serialized.Length, codec.GetLength(state.Header, entries.Count, entries.Size));
        Assert.Equal(state.Entries.Sum(e => codec.GetEntrySize(e.Key, e.Value.Length)), entries.Size);
    }

    // JOSE claims codec (docs/jose.md): exact sizes, standard JSON, and a round trip to whole seconds.
    private static readonly JoseStateCodec Jose = new("CookieState", TimeSpan.FromMinutes(20), TimeSpan.FromHours(12), 0.5, 1024, 65535);

    [CookieStateProperty]
    public void Jose_tracked_size_equals_the_serialized_size_after_any_sequence_of_changes(SessionEdit[] edits, uint issuedSeconds, ushort idleMilliseconds, bool ownTimeout)
    {
        var entries = SessionEntries.Empty(Jose);
        foreach (var edit in edits)
        {
            edit.ApplyTo(entries);
        }

        var state = JoseState(entries.Values, issuedSeconds, ownTimeout ? TimeSpan.FromMilliseconds(1000 + idleMilliseconds) : null);
        var serialized = BinaryStateCodecTests.Write(Jose, state);

        Assert.Equal(serialized.Length, Jose.GetLength(state.Header, entries.Count, entries.Size));
        Assert.Equal(state.Entries.Sum(e => Jose.GetEntrySize(e.Key, e.Value.Length)), entries.Size);
    }

    [CookieStateProperty]
    public void Any_dictionary_round_trips_through_the_JOSE_claims_which_any_JSON_parser_reads(AnyEntries entries, uint issuedSeconds, ushort idleMilliseconds, bool ownTimeout)
    {
        var state = JoseState(entries.Values, issuedSeconds, ownTimeout ? TimeSpan.FromMilliseconds(1000 + idleMilliseconds) : null);

        var bytes = BinaryStateCodecTests.Write(Jose, state);
        var back = Jose.Read(bytes);

        Assert.Equal(state.Header with { ExpiresAt = back.Header.ExpiresAt }, back.Header);
        Assert.True(back.Header.ExpiresAt >= state.Header.IssuedAt + (state.Header.IdleTimeout ?? TimeSpan.FromMinutes(20)));
        AssertSameState(state with { Header = back.Header }, back);
        using var json = System.Text.Json.JsonDocument.Parse(bytes);
        var data = json.RootElement.GetProperty("data");
        Assert.Equal(state.Entries.Count, data.EnumerateObject().Count());
        foreach (var (key, value) in state.Entries)
        {
            Assert.Equal(value, System.Buffers.Text.Base64Url.DecodeFromChars(data.GetProperty(key).GetString()));
        }
    }

    /// <summary>A state at whole seconds, as the JOSE claims carry them.</summary>
    private static SessionPayload JoseState(Dictionary<string, byte[]> entries, uint issuedSeconds, TimeSpan? idleTimeout)
    {
        var issued = DateTimeOffset.FromUnixTimeSeconds(issuedSeconds);
        return new(new SessionHeader(SessionHeader.NewId(), issued.AddSeconds(-(issuedSeconds % 7)), issued, idleTimeout), new Dictionary<string, byte[]>(entries, StringComparer.Ordinal));
    }

    internal static SessionPayload StateWith(Dictionary<string, byte[]> entries, TimeSpan? idleTimeout) =>
        new(SessionHeader.New(PipelineHarness.Start) with { IdleTimeout = idleTimeout }, new Dictionary<string, byte[]>(entries, StringComparer.Ordinal));

    internal static void AssertSameState(SessionPayload expected, SessionPayload actual)
    {
        Assert.Equal(expected.Header, actual.Header);
        Assert.Equal(expected.Entries.Count, actual.Entries.Count);
        foreach (var (key, value) in expected.Entries)
        {
            Assert.True(actual.Entries.TryGetValue(key, out var read), "A key did not come back.");
            Assert.True(value.AsSpan().SequenceEqual(read), "A value did not come back byte for byte.");
        }
    }
}
