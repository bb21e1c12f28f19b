using CookieState.Cookies;
using CookieState.Protection;
using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace CookieState.Tests.Units;

public sealed class ChunkingTests : IDisposable
{
    private static readonly CookieOptions Options = new() { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = true };

    private readonly PipelineHarness _harness = new();

    private IPayloadSealer Envelope => _harness.Sealer(CookieStateFormat.Envelope);

    private IPayloadSealer Legacy => _harness.Sealer(CookieStateFormat.DataProtection);

    private static string EnvelopeText(int length) => EnvelopeSealerPrefix + new string('x', Math.Max(0, length - EnvelopeSealerPrefix.Length));

    private const string EnvelopeSealerPrefix = "E1.";

    [Theory]
    [InlineData(10)]
    [InlineData(3000)]
    [InlineData(4000)]
    [InlineData(50_000)]
    public void Split_then_join_gives_back_the_text_with_every_line_within_the_chunk_size(int length)
    {
        var names = new CookieNames(".CookieState", 64);
        var text = EnvelopeText(length);
        var attributes = Chunks.AttributesLength(Options);

        var chunks = Chunks.Split(text, names, attributes, 4050, Envelope);
        var joined = Chunks.Join(chunks, names, _harness.Formats);

        Assert.Null(joined.Rejection);
        Assert.Equal(text, joined.SealedText);
        Assert.All(chunks, c => Assert.True(Options.CreateCookieHeader(c.Name, c.Value).ToString().Length <= 4050));
        var plan = ChunkPlan.Create(names, length, allowBare: true, attributes, 4050);
        Assert.Equal(RequestCookie.Header(chunks).Length, plan.RequestHeaderLength);
        Assert.Equal(chunks.Count, plan.Count);
    }

    [Fact]
    public void Sealed_text_that_fits_one_cookie_is_the_cookie_value_itself_when_the_format_allows()
    {
        var names = new CookieNames("s", 16);

        var bare = Chunks.Split(EnvelopeText(500), names, 40, 4050, Envelope);
        var legacy = Chunks.Split("CfDJ8" + new string('x', 500), names, 40, 4050, Legacy);

        Assert.Equal(EnvelopeText(500), Assert.Single(bare).Value);
        Assert.StartsWith("1.", Assert.Single(legacy).Value);
    }

    [Fact]
    public void Chunks_are_read_in_numeric_order_past_nine()
    {
        var names = new CookieNames("s", 64);
        var text = EnvelopeText(12_000);

        var chunks = Chunks.Split(text, names, Chunks.AttributesLength(Options), 1000, Envelope);
        var shuffled = chunks.OrderBy(c => c.Name, StringComparer.Ordinal).Reverse().ToArray();

        Assert.True(chunks.Count > 10);
        Assert.Equal(text, Chunks.Join(shuffled, names, _harness.Formats).SealedText);
    }

    [Fact]
    public void Main_cookie_says_how_many_chunks_follow()
    {
        var names = new CookieNames("s", 16);
        var chunks = Chunks.Split(EnvelopeText(9000), names, Chunks.AttributesLength(Options), 4050, Envelope);

        Assert.StartsWith($"{chunks.Count}.", chunks[0].Value);
        Assert.Equal(["s", "sC2", "sC3"], chunks.Select(c => c.Name));
    }

    [Theory]
    [InlineData("s", 1, false)]
    [InlineData("sC2", 2, false)]
    [InlineData("sC16", 16, false)]
    [InlineData("sC17", 0, false)]
    [InlineData("sC01", 0, false)]
    [InlineData("sC1", 0, false)]
    [InlineData("sC", 0, false)]
    [InlineData("sCx", 0, false)]
    [InlineData("session", 0, false)]
    [InlineData("S", 1, true)]
    [InlineData("sc2", 2, true)]
    [InlineData("SC3", 3, true)]
    public void Recognises_only_the_names_the_configuration_can_produce_and_reports_case_variants(string name, int index, bool caseVariant)
    {
        var names = new CookieNames("s", 16);

        Assert.Equal(index, names.IndexOf(name, out var variant));
        Assert.Equal(caseVariant, variant);
    }

    [Fact]
    public void Sizes_are_checked_before_joining()
    {
        var names = new CookieNames("s", 16);
        var chunks = Chunks.Split(EnvelopeText(9000), names, Chunks.AttributesLength(Options), 4050, Envelope);

        Assert.Equal(CookieStateRejectionReason.Oversized, Chunks.Join(chunks, names, _harness.Formats, maxCookieSize: 5000).Rejection);
        Assert.Equal(CookieStateRejectionReason.Oversized, Chunks.Join(chunks, new CookieNames("s", 2), _harness.Formats).Rejection);
    }

    [Fact]
    public void A_chunk_size_too_small_for_the_attributes_is_a_clear_configuration_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ChunkPlan.Create(new CookieNames("s", 16), 3000, allowBare: false, 300, 256));
        Assert.Contains("ChunkSize", error.Message);
    }

    public void Dispose() => _harness.Dispose();
}
