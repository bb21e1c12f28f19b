using System.Diagnostics;
using System.Net;
using System.Text;
using CookieState.Serialization;
using CookieState.Tests.Infrastructure;
using CookieState.Tests.Security;
using Xunit.Abstractions;

namespace CookieState.Tests.HostileInput;

/// <summary>
/// Attacker-made cookies through the whole middleware: each is rejected, the app answers 200 with an empty session. The
/// time each takes is written to the output; bounds on work are asserted as allocations and header counts, not time.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Cases => new()
    {
        { "chunk count 999999999", "Malformed" },
        { "chunk count 9999", "Oversized" },
        { "hundreds of chunk cookies", "ChunkMismatch" },
        { "8 KB garbage value", "Oversized" },
        { "invalid base64", "Malformed" },
        { "base64 with padding", "Malformed" },
        { "non-ASCII bytes", "Malformed" },
        { "leading zero in the count", "Malformed" },
        { "chunk cookies without the main cookie", "ChunkMismatch" },
        { "empty value", "none" },
        { "chunk form with a prefix but no text", "Malformed" },
        { "chunk form with text too short for a tag", "Malformed" },
        { "millions of entries (sealed)", "Malformed" },
        { "2 GB value length (sealed)", "Malformed" },
        { "2 GB key length (sealed)", "Malformed" },
        { "unknown format version (sealed)", "Malformed" },
        { "decompression bomb (sealed)", "Oversized" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Hostile_cookie_is_rejected_and_the_app_answers_200(string name, string reason)
    {
        await using var host = await SecurityHost.StartAsync();
        var header = Build(host, name);

        var watch = Stopwatch.StartNew();
        using var response = await host.SendRawAsync("/get/a", header);
        watch.Stop();

        output.WriteLine($"{name}: {Encoding.UTF8.GetByteCount(header)} bytes of Cookie header, answered in {watch.ElapsedMilliseconds} ms");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("(null)", await response.Content.ReadAsStringAsync());
        if (reason == "none")
        {
            // An emptied cookie is no cookie: nothing to reject.
            Assert.Empty(host.Events);
            return;
        }

        Assert.Equal(["Rejected:" + reason], host.Events);

        // The rejected cookies are expired so the client stops sending them.
        Assert.True(response.Headers.TryGetValues("Set-Cookie", out var setCookies));
        Assert.All(setCookies, c => Assert.Contains("expires=Thu, 01 Jan 1970", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Deserializer_allocation_does_not_follow_the_claimed_sizes()
    {
        var payloads = new (string Name, byte[] Plaintext)[]
        {
            ("5,000,000 entries", CraftedPayloads.MillionsOfEntries()),
            ("2 GB value length", CraftedPayloads.HugeValueLength()),
            ("2 GB key length", CraftedPayloads.HugeKeyLength()),
        };
        foreach (var (name, plaintext) in payloads)
        {
            // Once to warm up the JIT, then measured.
            Assert.Throws<SessionStateFormatException>(() => Codec.Read(plaintext));
            var before = GC.GetAllocatedBytesForCurrentThread();
            var ex = Assert.Throws<SessionStateFormatException>(() => Codec.Read(plaintext));
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            output.WriteLine($"{name}: {plaintext.Length} byte payload, {allocated} bytes allocated, {ex.Reason}");
            Assert.Equal(CookieStateRejectionReason.Malformed, ex.Reason);
            Assert.True(allocated < 8 * 1024, $"{name}: {allocated} bytes allocated");
        }
    }

    [Fact]
    public void Decompression_stops_at_the_cap_whatever_the_bomb_claims()
    {
        var compression = new PayloadCompression(CookieStateCompression.None, 64 * 1024, paddingBucket: 0);
        foreach (var inflatedSize in new[] { 1024 * 1024, 8 * 1024 * 1024, 32 * 1024 * 1024 })
        {
            var bomb = CraftedPayloads.DeflateBomb(inflatedSize);
            Assert.Throws<SessionStateFormatException>(() => Unwrap(compression, bomb));
            var before = GC.GetAllocatedBytesForCurrentThread();
            var ex = Assert.Throws<SessionStateFormatException>(() => Unwrap(compression, bomb));
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            output.WriteLine($"bomb of {inflatedSize} bytes in {bomb.Length} compressed: {allocated} bytes allocated, {ex.Reason}");
            Assert.Equal(CookieStateRejectionReason.Oversized, ex.Reason);

            // The output buffer grows to the cap + 1 at most; DeflateStream adds its own fixed buffers.
            Assert.True(allocated < 4 * 64 * 1024 + 64 * 1024, $"{allocated} bytes allocated for a {inflatedSize} byte bomb");
        }
    }

    private static readonly BinaryStateCodec Codec = new(BinaryLayout.Version3, 1024, 1024);

    private static void Unwrap(PayloadCompression compression, byte[] plaintext)
    {
        compression.Unwrap(plaintext, out var inflated);
        inflated.Dispose();
    }

    private static string Build(SecurityHost host, string name)
    {
        const string Main = ".CookieState";
        return name switch
        {
            "chunk count 999999999" => $"{Main}=999999999.AAAAAAAA.abc",
            "chunk count 9999" => $"{Main}=9999.AAAAAAAA.abc",
            "hundreds of chunk cookies" => string.Join("; ", Enumerable.Range(1, 400).Select(i => $"{(i == 1 ? Main : Main + "C" + i)}={i}.AAAAAAAA.x")),
            "8 KB garbage value" => $"{Main}=1.AAAAAAAA.{new string('x', 8 * 1024)}",
            "invalid base64" => $"{Main}=1.{Chunks.LegacyTag("!!!*~~")}.!!!*~~",
            "base64 with padding" => $"{Main}=1.{Chunks.LegacyTag("QQ==")}.QQ==",
            "non-ASCII bytes" => $"{Main}=1.{Chunks.LegacyTag("caf\u00e9\u00ff\u00fe")}.caf\u00e9\u00ff\u00fe",
            "leading zero in the count" => $"{Main}=01.AAAAAAAA.QQ",
            "chunk cookies without the main cookie" => $"{Main}C2=2.AAAAAAAA.QQ",
            "empty value" => $"{Main}=",
            "chunk form with a prefix but no text" => $"{Main}=1.AAAAAAAA.E1.",
            "chunk form with text too short for a tag" => $"{Main}=1.AAAAAAAA.E1.ab",
            "millions of entries (sealed)" => SecurityHost.Header(host.SealCrafted(CraftedPayloads.MillionsOfEntries())),
            "2 GB value length (sealed)" => SecurityHost.Header(host.SealCrafted(CraftedPayloads.HugeValueLength())),
            "2 GB key length (sealed)" => SecurityHost.Header(host.SealCrafted(CraftedPayloads.HugeKeyLength())),
            "unknown format version (sealed)" => SecurityHost.Header(host.SealCrafted([9, .. new byte[40]])),
            "decompression bomb (sealed)" => SecurityHost.Header(host.SealCrafted(CraftedPayloads.DeflateBomb(3 * 1024 * 1024))),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }
}
