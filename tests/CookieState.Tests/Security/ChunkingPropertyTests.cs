using CookieState.Cookies;
using CookieState.Protection;
using CookieState.Tests.Infrastructure;
using CookieState.Tests.Properties;
using Microsoft.AspNetCore.Http;

namespace CookieState.Tests.Security;

public sealed class ChunkingPropertyTests : IDisposable
{
    private static readonly int AttributesLength = Chunks.AttributesLength(new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Lax });
    private static readonly CookieNames Names = new(".CookieState", 64);

    private readonly PipelineHarness _harness = new(o => o.ChunkSize = 300);

    private IPayloadSealer Envelope => _harness.Sealer(CookieStateFormat.Envelope);

    [CookieStateProperty]
    public void Join_of_split_is_the_identity_for_any_text_and_chunk_size(SealedTextInput input, ushort chunkChoice)
    {
        var chunkSize = 1024 + (chunkChoice % 3073);

        var chunks = Chunks.Split(input.Text, Names, AttributesLength, chunkSize, Envelope);
        var plan = ChunkPlan.Create(Names, input.Text.Length, allowBare: true, AttributesLength, chunkSize);
        if (plan.Count > Names.MaxChunkCount)
        {
            return;
        }

        var joined = Chunks.Join(chunks, Names, _harness.Formats);

        Assert.Null(joined.Rejection);
        Assert.Equal(input.Text, joined.SealedText);
        Assert.All(chunks, c => Assert.True(c.Name.Length + 1 + c.Value.Length + AttributesLength <= chunkSize));
        Assert.Equal(RequestCookie.Header(chunks).Length, plan.RequestHeaderLength);
        Assert.Equal(chunks.Count, plan.Count);
    }

    [Fact]
    public void Two_writes_of_the_same_state_never_share_a_tag()
    {
        var state = _harness.NewState([new("k", new byte[900])]);

        var first = _harness.Seal(state);
        var second = _harness.Seal(state);

        Assert.True(first.Count > 1);
        Assert.NotEqual(first[0].Value.Split('.')[1], second[0].Value.Split('.')[1]);
        var mixed = first.Select((c, i) => i == 1 ? second[1] : c).ToList();
        Assert.Equal(CookieStateRejectionReason.ChunkMismatch, _harness.Load(mixed).Rejection);
    }

    [CookieStateProperty]
    public void Chunks_from_two_writes_never_combine(SmallEntries entries, bool[] picks)
    {
        var state = _harness.NewState(entries.Values.Append(new("pad", new byte[700])));
        var a = _harness.Seal(state);
        var b = _harness.Seal(state);
        var length = Math.Max(a.Count, b.Count);
        var takeB = new bool[length];
        for (var i = 0; i < length; i++)
        {
            takeB[i] = i >= a.Count || (i < b.Count && picks.Length > 0 && picks[i % picks.Length]);
        }

        if (takeB.All(t => t) || takeB.All(t => !t))
        {
            // Both writes have a main cookie: take it from the side the rest does not come from.
            takeB[0] = !takeB[0];
        }

        var mixed = Enumerable.Range(0, length).Select(i => takeB[i] ? b[i] : a[i]).ToList();

        var read = _harness.Load(mixed);

        Assert.Null(read.Payload);
        Assert.Equal(CookieStateRejectionReason.ChunkMismatch, read.Rejection);
    }

    public void Dispose() => _harness.Dispose();
}
