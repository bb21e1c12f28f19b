using System.Text;
using CookieState.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests;

public sealed class PayloadSeamTests
{
    /// <summary>
    /// A second sealing format, standing in for the planned JOSE one: reversible, tagged, and counting its calls. Not secure;
    /// it only proves that the session, chunking and middleware code need nothing from Data Protection.
    /// </summary>
    private sealed class RecordingProtector : ISessionPayloadProtector
    {
        private const string Prefix = "test.";

        public int Seals { get; private set; }

        public int Opens { get; private set; }

        public string Seal(ReadOnlySpan<byte> plaintext)
        {
            Seals++;
            return Prefix + System.Buffers.Text.Base64Url.EncodeToString(plaintext);
        }

        public PayloadOpenResult Open(string sealedText)
        {
            Opens++;
            return sealedText.StartsWith(Prefix, StringComparison.Ordinal)
                ? PayloadOpenResult.Success(System.Buffers.Text.Base64Url.DecodeFromChars(sealedText.AsSpan(Prefix.Length)), "test-key", false)
                : PayloadOpenResult.Fail(CookieStateRejectionReason.Tampered);
        }

        public int GetMaxSealedLength(int plaintextLength) => Prefix.Length + ((plaintextLength + 2) / 3 * 4);
    }

    [Fact]
    public async Task Another_sealing_format_plugs_in_through_the_one_seam()
    {
        var protector = new RecordingProtector();
        await using var host = await SessionTestHost.StartAsync(services: s => s.AddSingleton<ISessionPayloadProtector>(protector));
        var jar = new CookieJar();

        await host.GetStringAsync("/set/UserName/JohnH", jar);
        Assert.Equal("JohnH", await host.GetStringAsync("/get/UserName", jar));

        Assert.Equal(1, protector.Seals);
        Assert.Equal(1, protector.Opens);
        var mainCookie = jar[".CookieState"]!;
        Assert.Contains(".test.", mainCookie);
        Assert.Contains("JohnH", Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(mainCookie.AsSpan(mainCookie.IndexOf(".test.", StringComparison.Ordinal) + 6))));
    }

    [Fact]
    public async Task Lifecycle_logs_have_stable_event_ids_and_never_carry_values()
    {
        await using var host = await SessionTestHost.StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/UserName/JohnH", jar);
        await host.GetStringAsync("/get/UserName", jar);

        var events = host.Logs.Entries.Where(e => e.Category.StartsWith("CookieState", StringComparison.Ordinal)).ToArray();

        Assert.Contains(events, e => e.EventId is { Id: 1, Name: "SessionStarted" });
        Assert.Contains(events, e => e.EventId is { Id: 2, Name: "SessionLoaded" });
        Assert.Contains(events, e => e.EventId is { Id: 3, Name: "SessionCommitted" });
        Assert.DoesNotContain(events, e => e.Message.Contains("JohnH", StringComparison.Ordinal) || e.Message.Contains(jar[".CookieState"]![..30], StringComparison.Ordinal));
    }
}
