using System.Net;
using CookieState.Tests.Infrastructure;
using CookieState.Tests.Properties;

namespace CookieState.Tests.Security;

/// <summary>The tampering property again, through the middleware: 200, an empty session, and OnRejected with a reason.</summary>
public sealed class EndToEndTamperPropertyTests : IAsyncLifetime
{
    private SecurityHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await SecurityHost.StartAsync(SecurityHost.ManySmallChunks);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [CookieStateProperty]
    public void Any_change_to_a_sealed_cookie_set_is_rejected_through_the_middleware(TamperCase c)
    {
        if (c.Format != CookieStateFormat.Envelope)
        {
            c = c with { Format = CookieStateFormat.Envelope };
        }

        var original = _host.SealCrafted(CraftedPayloads.Entries(c.Entries.Select(e => (e.Key, e.Value))));
        var (tampered, expected) = c.Apply(original.ToList());
        _host.Events.Clear();

        // FsCheck drives synchronously; each case blocks on one in-memory TestServer round trip.
        using var response = _host.SendRawAsync("/count-keys", RequestCookie.Header(tampered)).GetAwaiter().GetResult();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (ReferenceEquals(expected, TamperCase.Unchanged))
        {
            // A repeated identical cookie is the genuine session: read, and nothing rejected.
            Assert.Equal(c.Entries.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
            Assert.Empty(_host.Events);
            return;
        }

        Assert.Equal("0", response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        if (expected.Length == 0)
        {
            Assert.Empty(_host.Events);
            return;
        }

        var rejected = Assert.Single(_host.Events);
        Assert.True(expected.Any(r => rejected == "Rejected:" + r), $"{c}: {rejected}, expected one of {string.Join('/', expected)}");
    }
}
