using System.Net;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace CookieState.Tests.Security;

/// <summary>The tampering property again, through the middleware: 200, an empty session, and OnRejected with the right reason.</summary>
public sealed class EndToEndTamperPropertyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Any_change_to_a_sealed_cookie_set_is_rejected_through_the_middleware()
    {
        await using var host = await SecurityHost.StartAsync(o =>
        {
            o.ChunkSize = 300;
            o.MaxCookieSize = 64 * 1024;
            o.MaxChunkCount = 999;
        });

        // FsCheck drives synchronously; each case blocks on one in-memory TestServer round trip.
        PropertyRunner.Check(output, "tampered cookie sets are rejected end to end", TamperPropertyTests.Cases().ToArbitrary(), c =>
        {
            var original = host.SealCrafted(CraftedPayloads.Entries(c.Entries.Select(e => (e.Key, e.Value))));
            var (tampered, expected) = TamperPropertyTests.Apply(original.ToList(), c);
            host.Events.Clear();

            using var response = host.SendRawAsync("/count-keys", SecurityHost.Header(tampered)).GetAwaiter().GetResult();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("0", response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
            if (expected.Length == 0)
            {
                Assert.Empty(host.Events);
                return;
            }

            var rejected = Assert.Single(host.Events);
            Assert.True(expected.Any(r => rejected == "Rejected:" + r), $"{c}: {rejected}, expected one of {string.Join('/', expected)}");
        });
    }
}
