using CookieState.Serialization;
using CookieState.Tests.Infrastructure;

namespace CookieState.Tests.Units;

public sealed class BinaryStateCodecTests
{
    private static readonly BinaryStateCodec Version3 = new(BinaryLayout.Version3, 1024, 1024);
    private static readonly BinaryStateCodec Version1 = new(BinaryLayout.Version1, 1024, 1024);

    private static SessionPayload Sample(TimeSpan? idleTimeout, params (string Key, byte[] Value)[] entries) =>
        new(SessionHeader.New(PipelineHarness.Start) with { IdleTimeout = idleTimeout }, entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal));

    internal static byte[] Write(IStateCodec codec, SessionPayload state)
    {
        var size = state.Entries.Sum(e => codec.GetEntrySize(e.Key, e.Value.Length));
        var bytes = new byte[codec.GetLength(state.Header, state.Entries.Count, size)];
        codec.Write(state.Header, state.Entries, size, bytes);
        return bytes;
    }

    public static TheoryData<int, TimeSpan?> Layouts() => new()
    {
        { 1, null },
        { 1, TimeSpan.FromMinutes(5) },
        { 3, null },
        { 3, TimeSpan.FromMinutes(5) },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Round_trips_unicode_keys_empty_values_binary_and_the_idle_timeout(int version, TimeSpan? idleTimeout)
    {
        var codec = version == 1 ? Version1 : Version3;
        var state = Sample(idleTimeout, ("", []), ("Ünïcødé 🍪", [0, 255, 0]), ("nul\0key", new byte[300]), ("Key", [1]), ("key", [2]));

        var bytes = Write(codec, state);
        var back = codec.Read(bytes);

        Assert.Equal(version, bytes[0]);
        Assert.Equal(state.Header, back.Header);
        Assert.Equal(state.Entries.Count, back.Entries.Count);
        foreach (var (key, value) in state.Entries)
        {
            Assert.Equal(value, back.Entries[key]);
        }
    }

    [Fact]
    public void Version_1_keeps_an_idle_timeout_in_a_reserved_entry_that_older_readers_carry_along()
    {
        var state = Sample(TimeSpan.FromMinutes(7), ("a", [1]));

        var bytes = Write(Version1, state);

        // An older node reads version 1 as plain entries: it sees (and keeps) the reserved key.
        Assert.True(bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(BinaryStateCodec.LegacyIdleTimeoutKey)) > 0);
        var back = Version3.Read(bytes);
        Assert.Equal(TimeSpan.FromMinutes(7), back.Header.IdleTimeout);
        Assert.False(back.Entries.ContainsKey(BinaryStateCodec.LegacyIdleTimeoutKey));
        Assert.Equal(["a"], back.Entries.Keys);
    }

    public static TheoryData<string, byte[]> Corruptions()
    {
        var valid = Write(Version1, Sample(null, ("key", [1, 2, 3])));
        var wrongVersion = valid.ToArray();
        wrongVersion[0] = 99;
        var hugeCount = valid[..33].Concat(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }).ToArray();
        var hugeValue = valid[..33].Concat(new byte[] { 1, 1, (byte)'k', 0xFF, 0xFF, 0xFF, 0xFF, 0x07 }).ToArray();
        var invalidUtf8 = valid[..33].Concat(new byte[] { 1, 1, 0xC3, 0 }).ToArray();
        var duplicate = valid[..33].Concat(new byte[] { 2, 1, (byte)'k', 0, 1, (byte)'k', 0 }).ToArray();
        var overlongVarInt = valid[..33].Concat(new byte[] { 0x81, 0x00, 1, (byte)'k', 0 }).ToArray();
        return new TheoryData<string, byte[]>
        {
            { "empty", [] },
            { "header only", valid[..20] },
            { "wrong version", wrongVersion },
            { "truncated entry", valid[..^1] },
            { "trailing bytes", valid.Concat(new byte[] { 0 }).ToArray() },
            { "count claims four billion", hugeCount },
            { "value claims two gigabytes", hugeValue },
            { "key is not UTF-8", invalidUtf8 },
            { "duplicate key", duplicate },
            { "a length with two encodings", overlongVarInt },
        };
    }

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Corrupt_input_is_reported_as_malformed(string label, byte[] data)
    {
        var error = Assert.Throws<SessionStateFormatException>(() => Version3.Read(data));
        Assert.True(error.Reason == CookieStateRejectionReason.Malformed, $"{label}: {error.Reason}");
    }

    [Fact]
    public void Limits_are_enforced_on_read()
    {
        var bytes = Write(Version3, Sample(null, ("a", [1]), ("b", [2]), ("long-key", [3])));

        Assert.Equal(CookieStateRejectionReason.Oversized, Assert.Throws<SessionStateFormatException>(() => new BinaryStateCodec(BinaryLayout.Version3, 2, 1024).Read(bytes)).Reason);
        Assert.Equal(CookieStateRejectionReason.Oversized, Assert.Throws<SessionStateFormatException>(() => new BinaryStateCodec(BinaryLayout.Version3, 10, 4).Read(bytes)).Reason);
    }
}
