using Microsoft.AspNetCore.Http;

namespace CookieState.Tests.Units;

public sealed class CookieChunkerTests
{
    private static readonly CookieOptions Options = new() { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = true };

    private static IRequestCookieCollection AsRequestCookies(IEnumerable<RequestCookie> cookies)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}"));
        return context.Request.Cookies;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3000)]
    [InlineData(4000)]
    [InlineData(50_000)]
    public void Split_then_read_gives_back_the_text_with_every_line_within_the_chunk_size(int length)
    {
        var text = new string('x', length);
        var attributes = CookieChunker.GetAttributesLength(Options);

        var chunks = CookieChunker.Split(text, ".CookieState", attributes, 4050);
        var read = CookieChunker.Read(AsRequestCookies(chunks), ".CookieState", 100, int.MaxValue);

        Assert.Equal(text, read.SealedText);
        Assert.All(chunks, c => Assert.True(Options.CreateCookieHeader(c.Name, c.Value).ToString().Length <= 4050));
        Assert.Equal(CookieChunker.GetRequestHeaderLength(chunks), CookieChunker.MeasureRequestHeaderLength(length, ".CookieState", attributes, 4050, out var count));
        Assert.Equal(chunks.Count, count);
    }

    [Fact]
    public void Chunks_are_read_in_numeric_order_past_nine()
    {
        var text = string.Concat(Enumerable.Range(0, 12_000).Select(i => (char)('a' + (i % 26))));

        var chunks = CookieChunker.Split(text, "s", CookieChunker.GetAttributesLength(Options), 1000);
        var shuffled = chunks.OrderBy(c => c.Name, StringComparer.Ordinal).Reverse().ToArray();

        Assert.True(chunks.Count > 10);
        Assert.Equal(text, CookieChunker.Read(AsRequestCookies(shuffled), "s", 100, int.MaxValue).SealedText);
    }

    [Fact]
    public void Main_cookie_says_how_many_chunks_follow()
    {
        var chunks = CookieChunker.Split(new string('x', 9000), "s", CookieChunker.GetAttributesLength(Options), 4050);

        Assert.StartsWith($"{chunks.Count}.", chunks[0].Value);
        Assert.Equal(["s", "sC2", "sC3"], chunks.Select(c => c.Name));
    }

    [Theory]
    [InlineData("s", true)]
    [InlineData("sC2", true)]
    [InlineData("sC10", true)]
    [InlineData("sC", false)]
    [InlineData("sCx", false)]
    [InlineData("session", false)]
    [InlineData("other", false)]
    public void Recognises_its_own_cookie_names(string name, bool own)
    {
        Assert.Equal(own, CookieChunker.IsOwnCookie(name, "s"));
    }

    [Fact]
    public void Counts_and_sizes_are_checked_before_joining()
    {
        var chunks = CookieChunker.Split(new string('x', 9000), "s", CookieChunker.GetAttributesLength(Options), 4050);

        Assert.Equal(CookieStateRejectionReason.Oversized, CookieChunker.Read(AsRequestCookies(chunks), "s", 2, int.MaxValue).Failure);
        Assert.Equal(CookieStateRejectionReason.Oversized, CookieChunker.Read(AsRequestCookies(chunks), "s", 100, 5000).Failure);
    }

    [Fact]
    public void A_chunk_size_too_small_for_the_attributes_is_a_clear_configuration_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CookieChunker.Split("abc", "s", 300, 256));
        Assert.Contains("ChunkSize", error.Message);
    }
}
