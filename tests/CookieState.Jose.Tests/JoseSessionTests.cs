using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CookieState.Diagnostics;
using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CookieState.Jose.Tests;

/// <summary>Real TestServer round trips in the JOSE format: the cookie is a standard token, and every core rule holds.</summary>
public sealed class JoseSessionTests
{
    private static Task<SessionTestHost> StartAsync(CookieStateJoseMode mode = CookieStateJoseMode.Encrypted, Action<CookieStateOptions>? configure = null) =>
        SessionTestHost.StartAsync(
            o => configure?.Invoke(o),
            services: s => JoseTestKeys.Use(s, mode),
            endpoints: e =>
            {
                e.MapGet("/setidle/{seconds:double}", (HttpContext c, double seconds) =>
                {
                    c.Session.SetIdleTimeout(TimeSpan.FromSeconds(seconds));
                    return "ok";
                });
                e.MapGet("/getidle", (HttpContext c) => c.Session.GetIdleTimeout().TotalSeconds.ToString(CultureInfo.InvariantCulture));
                e.MapGet("/inspect", (HttpContext c) =>
                {
                    var info = c.Features.Get<ICookieStateFeature>()!.Inspect();
                    return $"{info.Format}|{info.KeyId}|{info.SealedWithOldKey}|{info.Rejection}";
                });
            });

    [Fact]
    public async Task Encrypted_session_is_one_bare_compact_JWE_with_the_documented_header_and_claims()
    {
        await using var host = await StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/UserName/JohnH", jar);
        var id = await host.GetStringAsync("/id", jar);

        var token = jar[".CookieState"]!;
        Assert.StartsWith("eyJ", token);
        Assert.Equal(5, token.Split('.').Length);
        var (header, plaintext) = JoseTokens.OpenJwe(token, JoseTestKeys.K1);
        Assert.Equal("dir", header.GetProperty("alg").GetString());
        Assert.Equal("A256CBC-HS512", header.GetProperty("enc").GetString());
        Assert.Equal("k1", header.GetProperty("kid").GetString());
        Assert.False(header.TryGetProperty("cty", out _), "No cty: the plaintext is the claims object, not a nested JWT.");
        Assert.False(header.TryGetProperty("zip", out _));

        var claims = JsonDocument.Parse(plaintext).RootElement;
        var now = host.Clock.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal(id, claims.GetProperty("sid").GetString());
        Assert.Equal(now, claims.GetProperty("iat").GetInt64());
        // exp is the first whole second after the validity window, IdleTimeout × (1 + RefreshThreshold) = 30 minutes:
        // RFC 7519 expires a token on or after exp, while the window includes its last instant.
        Assert.Equal(now + (30 * 60) + 1, claims.GetProperty("exp").GetInt64());
        Assert.Equal("CookieState", claims.GetProperty("aud").GetString());
        Assert.Equal(now, claims.GetProperty("cs_created").GetInt64());
        Assert.False(claims.TryGetProperty("cs_idle", out _));
        Assert.Equal("JohnH", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(claims.GetProperty("data").GetProperty("UserName").GetString())));

        // The refresh hint is a protected header parameter: half the idle timeout on from iat.
        Assert.Equal(now + (10 * 60), header.GetProperty("cs_refresh").GetInt64());
        Assert.Equal("JohnH", await host.GetStringAsync("/get/UserName", jar));
    }

    [Fact]
    public async Task IdentityModel_token_handler_decrypts_the_cookie_with_the_key_found_by_kid()
    {
        await using var host = await StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/UserName/JohnH", jar);

        var handler = new JsonWebTokenHandler();
        var key = new SymmetricSecurityKey(JoseTestKeys.K1) { KeyId = "k1" };
        var plaintext = handler.DecryptToken(
            new JsonWebToken(jar[".CookieState"]!),
            new TokenValidationParameters { TokenDecryptionKeys = [key], TryAllDecryptionKeys = false });

        var data = JsonDocument.Parse(plaintext).RootElement.GetProperty("data");
        Assert.Equal("JohnH", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(data.GetProperty("UserName").GetString())));
    }

    [Fact]
    public async Task Token_encrypted_by_the_IdentityModel_handler_is_read_with_or_without_its_cty_label()
    {
        await using var host = await StartAsync();
        var handler = new JsonWebTokenHandler();
        foreach (var label in new[] { true, false })
        {
            var credentials = new EncryptingCredentials(new SymmetricSecurityKey(JoseTestKeys.K1) { KeyId = "k1" }, "dir", "A256CBC-HS512")
            {
                SetDefaultCtyClaim = label,
            };
            var token = handler.EncryptToken(JoseTokens.Claims(iat: host.Clock.GetUtcNow().ToUnixTimeSeconds(), exp: host.Clock.GetUtcNow().ToUnixTimeSeconds() + 600), credentials);
            Assert.Equal(label, JoseTokens.OpenJwe(token, JoseTestKeys.K1).Header.TryGetProperty("cty", out _));
            var jar = new CookieJar { [".CookieState"] = token };

            Assert.Equal("3", await host.GetStringAsync("/get/cart", jar));
        }
    }

    [Fact]
    public async Task Signed_session_is_a_bare_compact_HS256_JWS_that_IdentityModel_validates()
    {
        await using var host = await StartAsync(CookieStateJoseMode.Signed);
        var jar = new CookieJar();
        await host.GetStringAsync("/set/UserName/JohnH", jar);

        var token = jar[".CookieState"]!;
        Assert.Equal(3, token.Split('.').Length);
        var (header, payload) = JoseTokens.OpenJws(token, JoseTestKeys.K1);
        Assert.Equal("HS256", header.GetProperty("alg").GetString());
        Assert.Equal("k1", header.GetProperty("kid").GetString());
        Assert.Equal("JohnH", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(JsonDocument.Parse(payload).RootElement.GetProperty("data").GetProperty("UserName").GetString())));

        // IdentityModel's handler checks signature and audience; System.IdentityModel.Tokens.Jwt's classic one parses it.
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(JoseTestKeys.K1) { KeyId = "k1" },
            ValidAudience = "CookieState",
            ValidateIssuer = false,
            ValidateLifetime = false,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        var classic = new System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler().ReadJwtToken(token);
        Assert.Equal("k1", classic.Header.Kid);
        Assert.Equal("CookieState", Assert.Single(classic.Audiences));
        Assert.Equal("JohnH", await host.GetStringAsync("/get/UserName", jar));
    }

    [Fact]
    public async Task Signed_mode_logs_at_startup_that_values_are_readable_by_the_client()
    {
        await using var signed = await StartAsync(CookieStateJoseMode.Signed);
        await using var encrypted = await StartAsync();

        Assert.Contains(signed.Logs.Entries, e => e.EventId.Id == global::CookieState.Jose.Diagnostics.JoseEventIds.JoseSignedModeReadable && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.DoesNotContain(encrypted.Logs.Entries, e => e.EventId.Id == global::CookieState.Jose.Diagnostics.JoseEventIds.JoseSignedModeReadable);
        var loaded = Assert.Single(encrypted.Logs.Entries, e => e.EventId.Id == global::CookieState.Jose.Diagnostics.JoseEventIds.JoseKeysLoaded);
        Assert.Contains("k1", loaded.Message);
        Assert.DoesNotContain(JoseTestKeys.Encode(JoseTestKeys.K1), string.Concat(encrypted.Logs.Entries.Select(e => e.Message)));
    }

    [Theory]
    [InlineData(CookieStateJoseMode.Encrypted)]
    [InlineData(CookieStateJoseMode.Signed)]
    public async Task A_state_too_big_for_one_cookie_is_chunked_and_the_joined_chunks_are_the_token(CookieStateJoseMode mode)
    {
        await using var host = await StartAsync(mode);
        var jar = new CookieJar();
        await host.GetStringAsync("/fill/3", jar);

        Assert.NotNull(jar[".CookieStateC2"]);
        Assert.Matches("^[0-9]+\\.", jar[".CookieState"]);
        var token = Join(jar);
        var claims = mode == CookieStateJoseMode.Encrypted ? JoseTokens.OpenJwe(token, JoseTestKeys.K1).Plaintext : JoseTokens.OpenJws(token, JoseTestKeys.K1).Payload;
        Assert.Equal(3072, Base64Url.DecodeFromChars(JsonDocument.Parse(claims).RootElement.GetProperty("data").GetProperty("blob").GetString()).Length);
        Assert.Equal("3072", await host.GetStringAsync("/bloblength", jar));
    }

    [Fact]
    public async Task About_two_kilobytes_fit_one_bare_cookie_three_the_default_budget_and_more_throws_a_clear_overflow()
    {
        CookieStateOverflowException? caught = null;
        await using var host = await SessionTestHost.StartAsync(
            services: s => JoseTestKeys.Use(s),
            endpoints: e => e.MapGet("/put/{bytes:int}", (HttpContext c, int bytes) =>
            {
                try
                {
                    c.Session.Set("photo", new byte[bytes]);
                    return "stored";
                }
                catch (CookieStateOverflowException ex)
                {
                    caught = ex;
                    return "overflow";
                }
            }));
        var jar = new CookieJar();

        // The figures docs/jose.md gives.
        Assert.Equal("stored", await host.GetStringAsync("/put/2000", jar));
        Assert.StartsWith("eyJ", Assert.Single(jar.Cookies).Value);
        Assert.Equal("stored", await host.GetStringAsync("/put/2100", jar));
        Assert.Equal(2, jar.Cookies.Count);
        Assert.Equal("stored", await host.GetStringAsync("/put/3150", jar));
        Assert.Equal("overflow", await host.GetStringAsync("/put/3300", jar));

        Assert.NotNull(caught);
        Assert.Equal("photo", caught.LargestKeys[0].Key);
        Assert.Contains("MaxCookieSize", caught.Message);
        Assert.Equal(3150, Base64Url.DecodeFromChars(JsonDocument.Parse(JoseTokens.OpenJwe(Join(jar), JoseTestKeys.K1).Plaintext).RootElement.GetProperty("data").GetProperty("photo").GetString()).Length);
    }

    [Fact]
    public async Task Read_only_requests_write_no_cookie_and_changes_write_one()
    {
        await using var host = await StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);

        using (var read = await host.GetAsync("/get/a", jar))
        {
            Assert.False(read.Headers.Contains("Set-Cookie"));
        }

        using (var same = await host.GetAsync("/set/a/1", jar))
        {
            Assert.False(same.Headers.Contains("Set-Cookie"));
        }

        using var changed = await host.GetAsync("/set/a/2", jar);
        Assert.Single(changed.Headers.GetValues("Set-Cookie"));
    }

    [Fact]
    public async Task Idle_timeout_is_enforced_by_the_server_and_ends_the_session()
    {
        var ended = new List<CookieStateEndReason>();
        await using var host = await StartAsync(configure: o => o.Events.OnSessionEnded = c =>
        {
            ended.Add(c.Reason);
            return Task.CompletedTask;
        });
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);

        host.Clock.Advance(TimeSpan.FromMinutes(31));

        Assert.Equal("(null)", await host.GetStringAsync("/get/a", jar));
        Assert.Equal([CookieStateEndReason.IdleTimeout], ended);
        Assert.Empty(jar.Cookies);
    }

    [Fact]
    public async Task A_passed_exp_ends_the_session_as_idle_even_when_the_server_rule_would_allow_more()
    {
        var events = new List<string>();
        await using var host = await StartAsync(configure: o =>
        {
            o.Events.OnSessionEnded = c =>
            {
                events.Add("Ended:" + c.Reason);
                return Task.CompletedTask;
            };
            o.Events.OnRejected = c =>
            {
                events.Add("Rejected:" + c.Reason);
                return Task.CompletedTask;
            };
        });
        var now = host.Clock.GetUtcNow().ToUnixTimeSeconds();

        // Written by another stack: issued five minutes ago with a four-minute lifetime.
        var token = JoseTokens.Jwe(JoseTokens.EncryptedHeader(), JoseTokens.Claims(iat: now - 300, exp: now - 60), JoseTestKeys.K1);
        var jar = new CookieJar { [".CookieState"] = token };

        Assert.Equal("(null)", await host.GetStringAsync("/get/cart", jar));
        Assert.Equal(["Ended:IdleTimeout"], events);
    }

    [Fact]
    public async Task A_token_is_expired_at_exactly_its_exp_and_live_a_second_before()
    {
        var ended = new List<CookieStateEndReason>();
        await using var host = await StartAsync(configure: o => o.Events.OnSessionEnded = c =>
        {
            ended.Add(c.Reason);
            return Task.CompletedTask;
        });

        // On a whole second, so that "now" and the NumericDate exp can be equal.
        var ticks = host.Clock.GetUtcNow().Ticks % TimeSpan.TicksPerSecond;
        if (ticks != 0)
        {
            host.Clock.Advance(TimeSpan.FromTicks(TimeSpan.TicksPerSecond - ticks));
        }

        var now = host.Clock.GetUtcNow().ToUnixTimeSeconds();
        var cart = new Dictionary<string, string> { ["cart"] = JoseTokens.B64("3") };

        // RFC 7519 4.1.4: the token must not be accepted "on or after" exp.
        var atExp = JoseTokens.Jwe(JoseTokens.EncryptedHeader(), JoseTokens.Claims(iat: now - 300, exp: now, data: cart), JoseTestKeys.K1);
        Assert.Equal("(null)", await host.GetStringAsync("/get/cart", new CookieJar { [".CookieState"] = atExp }));
        Assert.Equal([CookieStateEndReason.IdleTimeout], ended);

        var beforeExp = JoseTokens.Jwe(JoseTokens.EncryptedHeader(), JoseTokens.Claims(iat: now - 300, exp: now + 1, data: cart), JoseTestKeys.K1);
        Assert.Equal("3", await host.GetStringAsync("/get/cart", new CookieJar { [".CookieState"] = beforeExp }));
    }

    [Fact]
    public async Task An_exp_later_than_the_server_rule_does_not_extend_the_session()
    {
        await using var host = await StartAsync();
        var now = host.Clock.GetUtcNow().ToUnixTimeSeconds();
        var token = JoseTokens.Jwe(JoseTokens.EncryptedHeader(), JoseTokens.Claims(iat: now - 1801, exp: now + 86_400), JoseTestKeys.K1);

        Assert.Equal("(null)", await host.GetStringAsync("/get/cart", new CookieJar { [".CookieState"] = token }));
    }

    [Fact]
    public async Task Absolute_timeout_counts_from_cs_created()
    {
        var ended = new List<CookieStateEndReason>();
        await using var host = await StartAsync(configure: o => o.Events.OnSessionEnded = c =>
        {
            ended.Add(c.Reason);
            return Task.CompletedTask;
        });
        var now = host.Clock.GetUtcNow().ToUnixTimeSeconds();
        var token = JoseTokens.Jwe(
            JoseTokens.EncryptedHeader(),
            JoseTokens.Claims(iat: now - 60, exp: now + 600, extra: new Dictionary<string, object?> { ["cs_created"] = now - (13 * 3600) }),
            JoseTestKeys.K1);

        Assert.Equal("(null)", await host.GetStringAsync("/get/cart", new CookieJar { [".CookieState"] = token }));
        Assert.Equal([CookieStateEndReason.AbsoluteTimeout], ended);
    }

    [Fact]
    public async Task A_sessions_own_idle_timeout_travels_as_cs_idle_and_sets_exp()
    {
        await using var host = await StartAsync(configure: o => o.MaxIdleTimeout = TimeSpan.FromHours(2));
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);
        await host.GetStringAsync("/setidle/5400.5", jar);

        var claims = JsonDocument.Parse(JoseTokens.OpenJwe(jar[".CookieState"]!, JoseTestKeys.K1).Plaintext).RootElement;
        Assert.Equal(5400.5, claims.GetProperty("cs_idle").GetDouble());
        // exp covers the validity window, 5400.5 s × (1 + ½), rounded up.
        Assert.Equal(claims.GetProperty("iat").GetInt64() + 8101, claims.GetProperty("exp").GetInt64());
        Assert.Equal("5400.5", await host.GetStringAsync("/getidle", jar));

        host.Clock.Advance(TimeSpan.FromMinutes(80));
        Assert.Equal("1", await host.GetStringAsync("/get/a", jar));
    }

    [Fact]
    public async Task Untouched_requests_slide_the_idle_timeout_from_the_header_hint()
    {
        await using var host = await StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);
        var before = jar[".CookieState"];

        host.Clock.Advance(TimeSpan.FromMinutes(9));
        using (var early = await host.GetAsync("/none", jar))
        {
            Assert.False(early.Headers.Contains("Set-Cookie"));
        }

        host.Clock.Advance(TimeSpan.FromMinutes(2));
        using (var due = await host.GetAsync("/none", jar))
        {
            Assert.Single(due.Headers.GetValues("Set-Cookie"));
        }

        Assert.NotEqual(before, jar[".CookieState"]);
        host.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal("1", await host.GetStringAsync("/get/a", jar));
    }

    [Fact]
    public async Task Lifecycle_operations_work_in_the_JOSE_format()
    {
        await using var host = await StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);
        var id = await host.GetStringAsync("/id", jar);

        var newId = await host.GetStringAsync("/regenerate", jar);
        Assert.NotEqual(id, newId);
        Assert.Equal(newId, JsonDocument.Parse(JoseTokens.OpenJwe(jar[".CookieState"]!, JoseTestKeys.K1).Plaintext).RootElement.GetProperty("sid").GetString());
        Assert.Equal("1", await host.GetStringAsync("/get/a", jar));

        await host.GetStringAsync("/abandon", jar);
        Assert.Empty(jar.Cookies);
    }

    [Fact]
    public async Task Keys_of_any_unicode_text_and_values_of_any_bytes_round_trip()
    {
        var jar = new CookieJar();
        var key = "quote\" back\\slash \u0001 ctl é 𝄞 日本";
        await using var writer = await SessionTestHost.StartAsync(
            services: s => JoseTestKeys.Use(s),
            endpoints: e =>
            {
                e.MapGet("/write", (HttpContext c) =>
                {
                    c.Session.Set(key, [0, 1, 2, 254, 255]);
                    c.Session.Set("empty", []);
                    return "ok";
                });
                e.MapGet("/read", (HttpContext c) =>
                    Convert.ToHexString(c.Session.Get(key)!) + "|" + c.Session.Get("empty")!.Length.ToString(CultureInfo.InvariantCulture));
            });

        await writer.GetStringAsync("/write", jar);

        Assert.Equal("000102FEFF|0", await writer.GetStringAsync("/read", jar));
        var data = JsonDocument.Parse(JoseTokens.OpenJwe(jar[".CookieState"]!, JoseTestKeys.K1).Plaintext).RootElement.GetProperty("data");
        Assert.Equal("AAEC_v8", data.GetProperty(key).GetString());
        Assert.Equal(string.Empty, data.GetProperty("empty").GetString());
    }

    [Fact]
    public async Task Changing_the_format_never_ends_a_session_either_way()
    {
        var keyDirectory = Directory.CreateTempSubdirectory("cookiestate-jose-").FullName;
        await using var envelope = await SessionTestHost.StartAsync(services: s => s.AddCookieStateJose(o => o.Keys.Add(JoseTestKeys.Key("k1", JoseTestKeys.K1))), keyDirectory: keyDirectory);
        await using var jose = await SessionTestHost.StartAsync(services: s => JoseTestKeys.Use(s), keyDirectory: keyDirectory);
        var jar = new CookieJar();

        await envelope.GetStringAsync("/set/a/1", jar);
        Assert.StartsWith("E1.", jar[".CookieState"]);
        await jose.GetStringAsync("/set/b/2", jar);
        Assert.StartsWith("eyJ", jar[".CookieState"]);
        Assert.Equal("1", await envelope.GetStringAsync("/get/a", jar));
        await envelope.GetStringAsync("/set/c/3", jar);

        Assert.StartsWith("E1.", jar[".CookieState"]);
        Assert.Equal("a,b,c", await jose.GetStringAsync("/keys", jar));
    }

    /// <summary>The token a jar holds: the bare cookie, or the data fields ("{number}.{tag}.{data}") of its chunks in order.</summary>
    internal static string Join(CookieJar jar)
    {
        var first = jar[".CookieState"]!;
        if (first.StartsWith("eyJ", StringComparison.Ordinal))
        {
            return first;
        }

        var count = int.Parse(first[..first.IndexOf('.', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
        return string.Concat(Enumerable.Range(1, count).Select(i =>
        {
            var value = jar[i == 1 ? ".CookieState" : $".CookieStateC{i}"]!;
            return value[(value.IndexOf('.', value.IndexOf('.', StringComparison.Ordinal) + 1) + 1)..];
        }));
    }
}
