namespace CookieState.Tests.Units;

public sealed class SessionStateSerializerTests
{
    private static SessionState Sample(params (string Key, byte[] Value)[] entries)
    {
        var state = SessionState.CreateNew(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        foreach (var (key, value) in entries)
        {
            state.Entries[key] = value;
        }

        return state;
    }

    [Fact]
    public void Round_trips_unicode_keys_empty_values_and_binary()
    {
        var state = Sample(("", []), ("Ünïcødé 🍪", [0, 255, 0]), ("nul\0key", new byte[300]), ("Key", [1]), ("key", [2]));

        var bytes = SessionStateSerializer.Serialize(state);
        var back = SessionStateSerializer.Deserialize(bytes, 1024, 1024);

        Assert.Equal(bytes.Length, SessionStateSerializer.GetSerializedSize(state));
        Assert.Equal(state.Id, back.Id);
        Assert.Equal(state.CreatedAt, back.CreatedAt);
        Assert.Equal(state.IssuedAt, back.IssuedAt);
        Assert.Equal(state.Entries.Count, back.Entries.Count);
        foreach (var (key, value) in state.Entries)
        {
            Assert.Equal(value, back.Entries[key]);
        }
    }

    [Fact]
    public void Equal_states_serialize_to_equal_bytes_whatever_the_insertion_order()
    {
        var a = Sample(("b", [2]), ("a", [1]));
        var b = new SessionState(a.Id, a.CreatedAt, a.IssuedAt, new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["a"] = [1], ["b"] = [2] });

        Assert.Equal(SessionStateSerializer.Serialize(a), SessionStateSerializer.Serialize(b));
    }

    [Fact]
    public void Starts_with_the_format_version()
    {
        Assert.Equal(SessionStateSerializer.FormatVersion, SessionStateSerializer.Serialize(Sample())[0]);
    }

    public static TheoryData<string, byte[]> Corruptions()
    {
        var valid = SessionStateSerializer.Serialize(Sample(("key", [1, 2, 3])));
        var wrongVersion = valid.ToArray();
        wrongVersion[0] = 99;
        var hugeCount = valid[..33].Concat(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }).ToArray();
        var hugeValue = valid[..33].Concat(new byte[] { 1, 1, (byte)'k', 0xFF, 0xFF, 0xFF, 0xFF, 0x07 }).ToArray();
        var invalidUtf8 = valid[..33].Concat(new byte[] { 1, 1, 0xC3, 0 }).ToArray();
        var duplicate = valid[..33].Concat(new byte[] { 2, 1, (byte)'k', 0, 1, (byte)'k', 0 }).ToArray();
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
        };
    }

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Corrupt_input_is_reported_as_malformed(string label, byte[] data)
    {
        var error = Assert.Throws<SessionStateFormatException>(() => SessionStateSerializer.Deserialize(data, 1024, 1024));
        Assert.Equal(CookieStateRejectionReason.Malformed, error.Reason);
        Assert.NotNull(label);
    }

    [Fact]
    public void Limits_are_enforced_on_read()
    {
        var bytes = SessionStateSerializer.Serialize(Sample(("a", [1]), ("b", [2]), ("long-key", [3])));

        Assert.Equal(CookieStateRejectionReason.Oversized, Assert.Throws<SessionStateFormatException>(() => SessionStateSerializer.Deserialize(bytes, 2, 1024)).Reason);
        Assert.Equal(CookieStateRejectionReason.Oversized, Assert.Throws<SessionStateFormatException>(() => SessionStateSerializer.Deserialize(bytes, 10, 4)).Reason);
    }
}
