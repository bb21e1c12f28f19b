using CookieState.Serialization;
using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests.Security;

/// <summary>Compression is opt-in, used only when it helps, capped on read, and padding hides sizes within a bucket.</summary>
public sealed class CompressionTests
{
    [Fact]
    public void Compression_and_padding_are_off_by_default()
    {
        var options = new CookieStateOptions();

        Assert.Equal(CookieStateCompression.None, options.Compression);
        Assert.Equal(0, options.PaddingBucket);
        Assert.Equal(64 * 1024, options.MaxDecompressedSize);
    }

    [Fact]
    public async Task Without_compression_a_compressible_state_that_does_not_fit_is_refused()
    {
        await using var host = await SecurityHost.StartAsync();

        var refused = await host.Host.GetStringAsync("/try-text/16", new CookieJar());

        Assert.StartsWith("CookieStateOverflowException", refused);
    }

    [Fact]
    public async Task With_compression_a_state_that_fits_only_compressed_is_accepted_and_round_trips()
    {
        await using var host = await SecurityHost.StartAsync(o => o.Compression = CookieStateCompression.Deflate);
        var jar = new CookieJar();

        Assert.Equal("ok", await host.Host.GetStringAsync("/try-text/16", jar));

        Assert.True(int.Parse(await host.Host.GetStringAsync("/textlength", jar), System.Globalization.CultureInfo.InvariantCulture) >= 16 * 1024);
        Assert.True(jar.Cookies.Sum(c => c.Key.Length + c.Value.Length) < 2048);
        Assert.Equal(PayloadCompression.FrameVersion, Plaintext(host, jar)[0]);
    }

    [Fact]
    public async Task Incompressible_state_is_stored_uncompressed()
    {
        await using var host = await SecurityHost.StartAsync(o => o.Compression = CookieStateCompression.Deflate);
        var jar = new CookieJar();

        await host.Host.GetStringAsync("/fill/2", jar);

        Assert.Equal(BinaryStateCodec.Version4, Plaintext(host, jar)[0]);
        Assert.Equal("2048", await host.Host.GetStringAsync("/bloblength", jar));
    }

    [Fact]
    public async Task A_state_written_compressed_still_reads_after_compression_is_turned_off()
    {
        await using var writer = await SecurityHost.StartAsync(o => o.Compression = CookieStateCompression.Deflate);
        var jar = new CookieJar();
        await writer.Host.GetStringAsync("/try-text/4", jar);
        await using var reader = await SessionTestHost.StartAsync(endpoints: SecurityEndpoints.Map, keyDirectory: writer.Host.KeyDirectory);

        Assert.Equal(PayloadCompression.FrameVersion, Plaintext(writer, jar)[0]);
        Assert.NotEqual("0", await reader.GetStringAsync("/textlength", jar));
    }

    [Fact]
    public async Task A_decompression_bomb_sealed_with_the_real_key_is_rejected_as_oversized()
    {
        await using var host = await SecurityHost.StartAsync(o => o.Compression = CookieStateCompression.Deflate);

        using var response = await host.SendRawAsync("/get/k", SecurityHost.Header(host.SealCrafted(CraftedPayloads.DeflateBomb(2 * 1024 * 1024))));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("(null)", await response.Content.ReadAsStringAsync());
        Assert.Equal(["Rejected:Oversized"], host.Events);
    }

    [Fact]
    public void A_state_beyond_the_cap_is_written_uncompressed_so_the_reader_never_refuses_it()
    {
        var compression = new PayloadCompression(CookieStateCompression.Deflate, maxDecompressedSize: 1024, paddingBucket: 0);
        var codec = new BinaryStateCodec(BinaryLayout.Version3, 1024, 1024);
        var state = SerializerPropertyTests.StateWith(new() { ["k"] = new byte[4096] }, null);
        var bytes = Units.BinaryStateCodecTests.Write(codec, state);
        var plain = new PooledBytes(bytes.Length);
        bytes.CopyTo(plain.Span);

        using var plaintext = compression.Wrap(plain);

        Assert.Equal(BinaryStateCodec.Version3, plaintext.Span[0]);
        SerializerPropertyTests.AssertSameState(state, codec.Read(plaintext.Span));
    }

    [Fact]
    public async Task Padding_gives_states_of_different_sizes_within_a_bucket_the_same_cookie_length()
    {
        await using var host = await SecurityHost.StartAsync(o => o.PaddingBucket = 256);
        var lengths = new HashSet<int>();
        foreach (var value in new[] { "a", "abcdefghij", new string('x', 100), new string('y', 180) })
        {
            var jar = new CookieJar();
            await host.Host.GetStringAsync("/set/k/" + value, jar);
            lengths.Add(jar[".CookieState"]!.Length);
            Assert.Equal(value, await host.Host.GetStringAsync("/get/k", jar));
        }

        Assert.Single(lengths);
    }

    [Fact]
    public void Options_outside_their_ranges_are_refused()
    {
        var validator = new CookieState.Configuration.CookieStateOptionsValidator();
        Assert.True(validator.Validate(null, new CookieStateOptions { PaddingBucket = -1 }).Failed);
        Assert.True(validator.Validate(null, new CookieStateOptions { MaxDecompressedSize = 0 }).Failed);
        Assert.True(validator.Validate(null, new CookieStateOptions { Compression = (CookieStateCompression)7 }).Failed);
        Assert.True(validator.Validate(null, new CookieStateOptions { Compression = CookieStateCompression.Deflate, PaddingBucket = 64 }).Succeeded);
    }

    private static byte[] Plaintext(SecurityHost host, CookieJar jar)
    {
        var cookies = jar.Cookies.Select(c => new RequestCookie(c.Key, c.Value));
        var names = host.Host.Services.GetRequiredService<CookieState.Cookies.CookieNames>();
        var joined = Chunks.Join(cookies, names, host.Host.Services.GetRequiredService<CookieState.Protection.SessionFormats>());
        using var opened = joined.Format!.Sealer.Open(joined.SealedText);
        return opened.Plaintext.ToArray();
    }
}
