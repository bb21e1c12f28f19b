using System.Text;
using CookieState.Diagnostics;
using CookieState.Protection;
using CookieState.Serialization;
using CookieState.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests;

public sealed class PayloadSeamTests
{
    /// <summary>
    /// Another sealing format: reversible, prefixed, and counting its calls. Not secure; it only proves that the session,
    /// chunking and middleware code need nothing from any one format.
    /// </summary>
    private sealed class RecordingSealer : IPayloadSealer
    {
        private const string Prefix = "test.";

        public int Seals { get; private set; }

        public int Opens { get; private set; }

        public CookieStateFormat Format => CookieStateFormat.Envelope;

        public bool AllowsBareCookie => true;

        public bool Recognizes(ReadOnlySpan<char> sealedText) => sealedText.StartsWith(Prefix, StringComparison.Ordinal);

        public int GetSealedLength(int plaintextLength) => Prefix.Length + System.Buffers.Text.Base64Url.GetEncodedLength(plaintextLength);

        public PooledChars Seal(ReadOnlySpan<byte> plaintext, DateTimeOffset refreshAfter)
        {
            Seals++;
            var text = Prefix + System.Buffers.Text.Base64Url.EncodeToString(plaintext);
            var result = new PooledChars(text.Length);
            text.CopyTo(result.Span);
            return result;
        }

        public PayloadOpenResult Open(ReadOnlySpan<char> sealedText)
        {
            Opens++;
            if (!Recognizes(sealedText))
            {
                return PayloadOpenResult.Fail(CookieStateRejectionReason.Tampered);
            }

            var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(sealedText[Prefix.Length..]);
            var plaintext = new PooledBytes(bytes.Length);
            bytes.CopyTo(plaintext.Span);
            return PayloadOpenResult.Success(plaintext, "test-key", sealedWithOldKey: false);
        }

        public bool TryReadRefreshAfter(ReadOnlySpan<char> sealedTextStart, out DateTimeOffset refreshAfter)
        {
            refreshAfter = default;
            return false;
        }

        public void WriteContentTag(ReadOnlySpan<char> sealedText, Span<char> tag) => sealedText[^tag.Length..].CopyTo(tag);
    }

    [Fact]
    public async Task Another_sealing_format_plugs_in_through_the_one_seam()
    {
        var sealer = new RecordingSealer();
        await using var host = await SessionTestHost.StartAsync(services: s => s.AddSingleton<IPayloadSealer>(sealer));
        var jar = new CookieJar();

        await host.GetStringAsync("/set/UserName/JohnH", jar);
        Assert.Equal("JohnH", await host.GetStringAsync("/get/UserName", jar));

        Assert.Equal(1, sealer.Seals);
        Assert.Equal(1, sealer.Opens);
        var mainCookie = jar[".CookieState"]!;
        Assert.StartsWith("test.", mainCookie);
        Assert.Contains("JohnH", Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(mainCookie.AsSpan(5))));
    }

    [Fact]
    public async Task Lifecycle_logs_have_stable_event_ids_in_causal_order_and_never_carry_values()
    {
        await using var host = await SessionTestHost.StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/UserName/JohnH", jar);
        await host.GetStringAsync("/get/UserName", jar);

        var events = host.Logs.Entries.Where(e => e.Category.StartsWith(CookieStateDiagnostics.SessionLogCategory, StringComparison.Ordinal)).ToArray();

        var started = Array.FindIndex(events, e => e.EventId is { Id: CookieStateEventIds.SessionStarted, Name: "SessionStarted" });
        var committed = Array.FindIndex(events, e => e.EventId is { Id: CookieStateEventIds.SessionCommitted, Name: "SessionCommitted" });
        Assert.InRange(started, 0, committed - 1);
        Assert.Contains(events, e => e.EventId is { Id: CookieStateEventIds.SessionLoaded, Name: "SessionLoaded" });
        Assert.DoesNotContain(events, e => e.Message.Contains("JohnH", StringComparison.Ordinal) || e.Message.Contains(jar[".CookieState"]![..30], StringComparison.Ordinal));
    }
}
