using FsCheck.Fluent;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace CookieState.Tests.Security;

public sealed class ChunkingPropertyTests(ITestOutputHelper output)
{
    private const string Name = ".CookieState";
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static readonly int AttributesLength = CookieChunker.GetAttributesLength(new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Lax });

    private static FsCheck.Gen<string> SealedText(int maxLength) =>
        Gen.Choose(0, maxLength).SelectMany(length => Gen.ArrayOf(Gen.Elements(Alphabet.ToCharArray()), length)).Select(c => new string(c));

    [Fact]
    public void Join_of_split_is_the_identity_for_any_text_and_chunk_size()
    {
        var arbitrary = Gen.Zip(SealedText(30_000), Gen.Choose(256, 8192)).ToArbitrary();
        PropertyRunner.Check(output, "join(split(x)) = x", arbitrary, input =>
        {
            var (text, chunkSize) = input;

            var chunks = CookieChunker.Split(text, Name, AttributesLength, chunkSize);
            var read = CookieChunker.Read(Cookies(chunks), Name, maxChunkCount: 9999, maxCookieSize: int.MaxValue);

            Assert.Null(read.Failure);
            Assert.Equal(text, read.SealedText);
            // The attributes length counts the "=" too (see CookieChunker.GetAttributesLength).
            Assert.All(chunks, c => Assert.True(c.Name.Length + c.Value.Length + AttributesLength <= chunkSize));
            Assert.Equal(
                CookieChunker.MeasureRequestHeaderLength(text.Length, Name, AttributesLength, chunkSize, out var count),
                CookieChunker.GetRequestHeaderLength(chunks));
            Assert.Equal(chunks.Count, count);
        });
    }

    [Fact]
    public void Two_writes_of_the_same_state_never_share_a_tag()
    {
        using var harness = new StoreHarness(o => o.ChunkSize = 300);
        var state = harness.NewState([new("k", new byte[900])]);

        var first = harness.Seal(state);
        var second = harness.Seal(state);

        Assert.True(first.Count > 1);
        Assert.NotEqual(first[0].Value.Split('.')[1], second[0].Value.Split('.')[1]);
        var mixed = first.Select((c, i) => i == 1 ? second[1] : c).ToList();
        Assert.Equal(CookieStateRejectionReason.ChunkMismatch, harness.Load(mixed).Rejection);
    }

    [Fact]
    public void Chunks_from_two_writes_never_combine()
    {
        // Two writes (possibly of the same text), then a set that takes every index from one or the other, at least one from each.
        var generator =
            from first in SealedText(3000)
            from other in SealedText(3000)
            from chunkSize in Gen.Choose(256, 700)
            from picks in Gen.ArrayOf(ArbMap.Default.GeneratorFor<bool>(), 16)
            select (First: first, Second: chunkSize % 2 == 0 ? first : other, ChunkSize: chunkSize, Picks: picks);
        var arbitrary = generator.ToArbitrary();
        PropertyRunner.Check(output, "chunks of two writes never combine", arbitrary, input =>
        {
            var a = CookieChunker.Split(input.First, Name, AttributesLength, input.ChunkSize);
            var b = CookieChunker.Split(input.Second, Name, AttributesLength, input.ChunkSize);
            var length = Math.Max(a.Count, b.Count);
            var takeB = new bool[length];
            for (var i = 0; i < length; i++)
            {
                takeB[i] = i >= a.Count || (i < b.Count && input.Picks[i % input.Picks.Length]);
            }

            if (takeB.All(t => t) || takeB.All(t => !t))
            {
                // Both writes have a main cookie: take it from the side the rest does not come from.
                takeB[0] = !takeB[0];
            }

            var mixed = new List<RequestCookie>();
            for (var i = 0; i < length; i++)
            {
                mixed.Add(takeB[i] ? b[i] : a[i]);
            }

            if (length == 1)
            {
                // A single chunk each: offer B's data as a second chunk of A.
                mixed = [a[0], new RequestCookie(CookieChunker.ChunkName(Name, 2), b[0].Value)];
            }

            var read = CookieChunker.Read(Cookies(mixed), Name, maxChunkCount: 9999, maxCookieSize: int.MaxValue);

            if (input.First == input.Second && length > 1)
            {
                // Equal sealed texts cannot come from two real writes (sealing is randomized); equal chunks join to that text.
                Assert.True(read.SealedText is null || read.SealedText == input.First);
                return;
            }

            Assert.Null(read.SealedText);
            Assert.Equal(CookieStateRejectionReason.ChunkMismatch, read.Failure);
        });
    }

    internal static IRequestCookieCollection Cookies(IEnumerable<RequestCookie> cookies) =>
        StoreHarness.ContextWith(cookies).Request.Cookies;
}
