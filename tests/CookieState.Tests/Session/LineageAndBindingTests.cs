using CookieState.Serialization;
using CookieState.TestServers;
using CookieState.Tests.Infrastructure;
using CookieState.Tests.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests.Session;

/// <summary>The lineage and the user binding in the sealed header, seen through the inspector and across the upgrade.</summary>
public sealed class LineageAndBindingTests
{
    private static void Endpoints(IEndpointRouteBuilder e)
    {
        e.MapGet("/info", (HttpContext c) =>
        {
            var info = c.Features.Get<ICookieStateFeature>()!.Inspect();
            return $"{info.SessionId}|{info.LineageId}|{info.BoundUserId}|{info.BoundAt?.ToUnixTimeMilliseconds()}";
        });
        e.MapGet("/set-reserved", (HttpContext c) =>
        {
            try
            {
                c.Session.SetString(SessionUser.LegacyKey, "mallory");
                return "accepted";
            }
            catch (ArgumentException)
            {
                return "refused";
            }
        });
    }

    [Fact]
    public async Task The_inspector_shows_the_lineage_RegenerateId_keeps_and_Abandon_ends_and_the_binding()
    {
        await using var host = await SecurityHost.StartAsync(endpoints: Endpoints);
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/a/1", jar);
        var first = (await host.Host.GetStringAsync("/info", jar)).Split('|');
        Assert.Equal(first[0], first[1]);

        await host.Host.GetStringAsync("/bind/alice", jar);
        var signedIn = (await host.Host.GetStringAsync("/info", jar)).Split('|');
        Assert.NotEqual(first[0], signedIn[0]);
        Assert.Equal(first[1], signedIn[1]);
        Assert.Equal("alice", signedIn[2]);
        Assert.Equal(host.Host.Clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), signedIn[3]);

        await host.Host.GetStringAsync("/abandon", jar);
        await host.Host.GetStringAsync("/set/b/2", jar);
        var next = (await host.Host.GetStringAsync("/info", jar)).Split('|');
        Assert.Equal(next[0], next[1]);
        Assert.NotEqual(first[1], next[1]);
        Assert.Equal(string.Empty, next[2]);
    }

    [Fact]
    public async Task A_session_the_client_never_held_starts_its_lineage_with_the_id_it_leaves_with()
    {
        await using var host = await SecurityHost.StartAsync(endpoints: Endpoints);
        var jar = new CookieJar();

        // Fresh session, regenerated before its first write: no copy exists under the earlier id.
        await host.Host.GetStringAsync("/bind/alice", jar);
        var info = (await host.Host.GetStringAsync("/info", jar)).Split('|');

        Assert.Equal(info[0], info[1]);
        Assert.Equal("alice", info[2]);
    }

    [Fact]
    public async Task The_reserved_binding_key_is_refused_at_Set()
    {
        await using var host = await SecurityHost.StartAsync(endpoints: Endpoints);

        Assert.Equal("refused", await host.Host.GetStringAsync("/set-reserved", new CookieJar()));
    }

    [Fact]
    public async Task A_binding_sealed_as_an_entry_by_the_earlier_header_moves_into_the_header_and_still_revokes()
    {
        var keys = Directory.CreateTempSubdirectory("cookiestate-shared-").FullName;
        var cache = new FakeDistributedCache();

        // The first phase of the rolling upgrade writes what 0.2 nodes read: header version 3, the binding as an entry.
        await using var old = await SessionTestHost.StartAsync(
            o =>
            {
                o.Format = CookieStateFormat.Envelope;
                o.WriteLegacyHeader = true;
            },
            keyDirectory: keys,
            endpoints: SecurityEndpoints.Map);
        var jar = new CookieJar();
        Assert.Equal("alice", await old.GetStringAsync("/bind/alice", jar));
        await old.GetStringAsync("/set/secret/42", jar);
        var plaintext = Plaintext(old, jar);
        Assert.Equal(BinaryStateCodec.Version3, plaintext[0]);
        Assert.True(plaintext.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(SessionUser.LegacyKey)) > 0);

        await using var upgraded = await SessionTestHost.StartAsync(
            o => o.Format = CookieStateFormat.Envelope,
            keyDirectory: keys,
            endpoints: SecurityEndpoints.Map,
            services: s =>
            {
                s.AddSingleton<IDistributedCache>(cache);
                s.AddCookieStateRevocation();
            });
        Assert.Equal("alice", await upgraded.GetStringAsync("/whoami", jar));
        Assert.Equal("secret", await upgraded.GetStringAsync("/keys", jar));
        await upgraded.GetStringAsync("/set/more/1", jar);
        Assert.Equal(BinaryStateCodec.Version4, Plaintext(upgraded, jar)[0]);
        Assert.Equal("alice", await upgraded.GetStringAsync("/whoami", jar));

        upgraded.Clock.Advance(TimeSpan.FromSeconds(1));
        await upgraded.Services.GetRequiredService<ICookieStateRevocation>().RevokeUserAsync("alice");
        Assert.Equal("(null)", await upgraded.GetStringAsync("/get/secret", jar));
    }

    private static byte[] Plaintext(SessionTestHost host, CookieJar jar)
    {
        var cookies = jar.Cookies.Select(c => new RequestCookie(c.Key, c.Value));
        var names = host.Services.GetRequiredService<CookieState.Cookies.CookieNames>();
        var joined = Chunks.Join(cookies, names, host.Services.GetRequiredService<CookieState.Protection.SessionFormats>());
        using var opened = joined.Format!.Sealer.Open(joined.SealedText);
        return opened.Plaintext.ToArray();
    }
}
