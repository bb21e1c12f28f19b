using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CookieState.Jose.Tests;

/// <summary>The lineage and the user binding as JOSE claims: <c>cs_lineage</c>, <c>cs_user</c>, <c>cs_bound</c>.</summary>
public sealed class JoseLineageTests
{
    private static void Endpoints(IEndpointRouteBuilder e)
    {
        e.MapGet("/bind/{user}", (HttpContext c, string user) =>
        {
            c.Session.RegenerateId();
            c.Session.BindUser(user);
            return "ok";
        });
        e.MapGet("/info", (HttpContext c) =>
        {
            var info = c.Features.Get<ICookieStateFeature>()!.Inspect();
            return $"{info.SessionId}|{info.LineageId}|{info.BoundUserId}|{info.BoundAt?.ToUnixTimeMilliseconds()}|{info.Rejection}|{string.Join(",", c.Session.Keys)}";
        });
    }

    private static Task<SessionTestHost> StartAsync(bool legacyHeader = false, int maxKeyCount = 1024) =>
        SessionTestHost.StartAsync(
            o =>
            {
                o.WriteLegacyHeader = legacyHeader;
                o.MaxKeyCount = maxKeyCount;
            },
            services: s => JoseTestKeys.Use(s),
            endpoints: Endpoints);

    private static JsonElement Claims(CookieJar jar) =>
        JsonDocument.Parse(JoseTokens.OpenJwe(jar[".CookieState"]!, JoseTestKeys.K1).Plaintext).RootElement.Clone();

    [Fact]
    public async Task A_bound_session_carries_its_lineage_user_and_bind_time_as_claims()
    {
        await using var host = await StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);
        var firstId = await host.GetStringAsync("/id", jar);
        host.Clock.Advance(TimeSpan.FromMilliseconds(250));

        await host.GetStringAsync("/bind/alice", jar);

        var claims = Claims(jar);
        Assert.NotEqual(firstId, claims.GetProperty("sid").GetString());
        Assert.Equal(firstId, claims.GetProperty("cs_lineage").GetString());
        Assert.Equal("alice", claims.GetProperty("cs_user").GetString());
        Assert.Equal(host.Clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000m, claims.GetProperty("cs_bound").GetDecimal());
        Assert.False(claims.GetProperty("data").TryGetProperty(".CookieState.User", out _));
        var info = (await host.GetStringAsync("/info", jar)).Split('|');
        Assert.Equal(firstId, info[1]);
        Assert.Equal("alice", info[2]);
        Assert.Equal(host.Clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), info[3]);
    }

    [Fact]
    public async Task A_token_another_stack_wrote_is_read_with_its_lineage_and_binding()
    {
        await using var host = await StartAsync();
        var sid = Guid.NewGuid().ToString();
        var lineage = Guid.NewGuid().ToString();
        var bound = JoseTokens.Now.ToUnixTimeSeconds() - 60;
        var jar = new CookieJar();
        jar[".CookieState"] = JoseTokens.Jwe(
            JoseTokens.EncryptedHeader(),
            JoseTokens.Claims(sid: sid, extra: new Dictionary<string, object?> { ["cs_lineage"] = lineage, ["cs_user"] = "bob", ["cs_bound"] = bound + 0.5 }),
            JoseTestKeys.K1);

        var info = (await host.GetStringAsync("/info", jar)).Split('|');

        Assert.Equal([sid, lineage, "bob", ((bound * 1000) + 500).ToString(CultureInfo.InvariantCulture), string.Empty, "cart"], info);
    }

    [Theory]
    [InlineData("cs_user")]
    [InlineData("cs_bound")]
    public async Task A_user_claim_without_its_bind_time_or_the_reverse_is_malformed(string only)
    {
        await using var host = await StartAsync();
        var jar = new CookieJar();
        jar[".CookieState"] = JoseTokens.Jwe(
            JoseTokens.EncryptedHeader(),
            JoseTokens.Claims(extra: new Dictionary<string, object?> { [only] = only == "cs_user" ? "bob" : JoseTokens.Now.ToUnixTimeSeconds() }),
            JoseTestKeys.K1);

        var info = (await host.GetStringAsync("/info", jar)).Split('|');

        Assert.Equal(nameof(CookieStateRejectionReason.Malformed), info[4]);
    }

    [Fact]
    public async Task A_token_of_the_earlier_version_keeps_its_binding_entry_as_the_binding()
    {
        await using var host = await StartAsync();
        var sid = Guid.NewGuid().ToString();
        var boundAt = JoseTokens.Now.AddMinutes(-5);
        var entry = new byte[8 + 5];
        BinaryPrimitives.WriteInt64LittleEndian(entry, boundAt.ToUnixTimeMilliseconds());
        Encoding.UTF8.GetBytes("carol", entry.AsSpan(8));
        var jar = new CookieJar();
        jar[".CookieState"] = JoseTokens.Jwe(
            JoseTokens.EncryptedHeader(),
            JoseTokens.Claims(sid: sid, data: new Dictionary<string, string> { ["cart"] = JoseTokens.B64("3"), [".CookieState.User"] = JoseTokens.B64(entry) }),
            JoseTestKeys.K1);

        var info = (await host.GetStringAsync("/info", jar)).Split('|');

        Assert.Equal([sid, sid, "carol", boundAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), string.Empty, "cart"], info);
    }

    [Fact]
    public async Task The_binding_entry_does_not_count_against_MaxKeyCount()
    {
        await using var host = await StartAsync(maxKeyCount: 1);
        var entry = new byte[8 + 5];
        BinaryPrimitives.WriteInt64LittleEndian(entry, JoseTokens.Now.ToUnixTimeMilliseconds());
        Encoding.UTF8.GetBytes("carol", entry.AsSpan(8));
        var jar = new CookieJar();
        jar[".CookieState"] = JoseTokens.Jwe(
            JoseTokens.EncryptedHeader(),
            JoseTokens.Claims(data: new Dictionary<string, string> { [".CookieState.User"] = JoseTokens.B64(entry), ["cart"] = JoseTokens.B64("3") }),
            JoseTestKeys.K1);

        var info = (await host.GetStringAsync("/info", jar)).Split('|');

        Assert.Equal(("carol", string.Empty, "cart"), (info[2], info[4], info[5]));
    }

    [Fact]
    public async Task With_WriteLegacyHeader_the_token_is_what_the_earlier_version_wrote()
    {
        await using var host = await StartAsync(legacyHeader: true);
        var jar = new CookieJar();

        await host.GetStringAsync("/bind/alice", jar);

        var claims = Claims(jar);
        Assert.False(claims.TryGetProperty("cs_lineage", out _));
        Assert.False(claims.TryGetProperty("cs_user", out _));
        Assert.False(claims.TryGetProperty("cs_bound", out _));
        Assert.True(claims.GetProperty("data").TryGetProperty(".CookieState.User", out _));
        Assert.Equal("alice", (await host.GetStringAsync("/info", jar)).Split('|')[2]);
    }
}
