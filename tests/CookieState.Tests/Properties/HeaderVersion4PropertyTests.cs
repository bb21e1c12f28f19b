using CookieState.Serialization;
using CookieState.Tests.Infrastructure;
using CookieState.Tests.Security;
using CookieState.Tests.Units;

namespace CookieState.Tests.Properties;

/// <summary>Header version 4 through the codec: the lineage and the user binding come back exactly, in every layout.</summary>
public sealed class HeaderVersion4PropertyTests
{
    private static readonly BinaryStateCodec Version4 = new(BinaryLayout.Version4, 1024, 65535);
    private static readonly BinaryStateCodec Version3 = new(BinaryLayout.Version3, 1024, 65535);
    private static readonly BinaryStateCodec Version1 = new(BinaryLayout.Version1, 1024, 65535);

    [CookieStateProperty]
    public void Any_state_round_trips_through_version_4_with_its_lineage_and_binding(
        AnyEntries entries, AnyUserId user, bool bound, bool regenerated, bool ownTimeout, uint boundSeconds, ushort boundMilliseconds, byte bucketChoice)
    {
        var state = State(entries, user, bound, regenerated, ownTimeout, boundSeconds, boundMilliseconds);

        var bytes = BinaryStateCodecTests.Write(Version4, state);
        var back = Version4.Read(bytes);

        Assert.Equal(BinaryStateCodec.Version4, bytes[0]);
        SerializerPropertyTests.AssertSameState(state, back);
        Assert.Equal(state.Header.LineageId, back.Header.LineageId);
        Assert.Equal(regenerated, back.Header.LineageId != back.Header.Id);
        Assert.Equal(bound ? user.Value : null, back.Header.User?.UserId);

        // And inside the compression frame, padded or not.
        var bucket = new[] { 0, 1, 16, 256 }[bucketChoice % 4];
        var compression = new PayloadCompression(CookieStateCompression.Deflate, 16 * 1024 * 1024, bucket);
        var plain = new PooledBytes(bytes.Length);
        bytes.CopyTo(plain.Span);
        using var wrapped = compression.Wrap(plain);
        PooledBytes inflated = default;
        try
        {
            var inner = PayloadCompression.IsFrame(wrapped.Span) ? compression.Unwrap(wrapped.Span, out inflated) : wrapped.Span;
            SerializerPropertyTests.AssertSameState(state, Version4.Read(inner));
        }
        finally
        {
            inflated.Dispose();
        }
    }

    [CookieStateProperty]
    public void The_earlier_layouts_carry_the_binding_as_the_reserved_entry_and_read_back_with_the_id_as_lineage(
        AnyEntries entries, AnyUserId user, bool legacy, bool ownTimeout, uint boundSeconds)
    {
        var codec = legacy ? Version1 : Version3;
        var state = State(entries, user, bound: true, regenerated: false, ownTimeout, boundSeconds, 0);

        var bytes = BinaryStateCodecTests.Write(codec, state);
        var back = Version4.Read(bytes);

        Assert.True(bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(SessionUser.LegacyKey)) > 0);
        Assert.Equal(state.Header.User, back.Header.User);
        Assert.Equal(back.Header.Id, back.Header.LineageId);
        Assert.False(back.Entries.ContainsKey(SessionUser.LegacyKey));
        Assert.Equal(state.Entries.Count, back.Entries.Count);
    }

    private static SessionPayload State(
        AnyEntries entries, AnyUserId user, bool bound, bool regenerated, bool ownTimeout, uint boundSeconds, ushort boundMilliseconds)
    {
        var header = SessionHeader.New(PipelineHarness.Start) with { IdleTimeout = ownTimeout ? TimeSpan.FromSeconds(90) : null };
        if (regenerated)
        {
            // What RegenerateId does to a session the client holds: a new id in the same lineage.
            header = header with { Id = SessionHeader.NewId() };
        }

        if (bound)
        {
            var boundAt = DateTimeOffset.FromUnixTimeMilliseconds((boundSeconds * 1000L) + (boundMilliseconds % 1000));
            header = header with { User = new SessionUser(user.Value, boundAt) };
        }

        return new SessionPayload(header, new Dictionary<string, byte[]>(entries.Values, StringComparer.Ordinal));
    }
}
