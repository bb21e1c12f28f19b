using System.Text;
using CookieState.Tests.Infrastructure;
using CookieState.Tests.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CookieState.Jose.Tests;

/// <summary>
/// Every way a JOSE cookie is refused, through the real reader (chunk joiner, sealer, codec, lifetime rules), each with
/// its reason; and that the same token made honestly is accepted, so that no rejection here is an accident.
/// </summary>
public sealed class JoseRejectionTests : IDisposable
{
    private static readonly byte[] Stranger = System.Security.Cryptography.RandomNumberGenerator.GetBytes(64);

    private readonly PipelineHarness _encrypted = new(services: s => JoseTestKeys.Use(s, keys:
    [
        JoseTestKeys.Key("k1", JoseTestKeys.K1),
        JoseTestKeys.Key("retired", JoseTestKeys.K2, notAfter: PipelineHarness.Start.AddDays(-1)),
        JoseTestKeys.Key("future", JoseTestKeys.K3, notBefore: PipelineHarness.Start.AddDays(1)),
    ]));

    private readonly PipelineHarness _signed = new(services: s => JoseTestKeys.Use(s, CookieStateJoseMode.Signed));

    private static long Now => JoseTokens.Now.ToUnixTimeSeconds();

    public void Dispose()
    {
        _encrypted.Dispose();
        _signed.Dispose();
    }

    [Fact]
    public void Honest_tokens_made_outside_CookieState_are_accepted_in_both_modes()
    {
        var claims = JoseTokens.Claims();

        Assert.Equal("3", Cart(_encrypted, JoseTokens.Jwe(JoseTokens.EncryptedHeader(), claims, JoseTestKeys.K1)));
        Assert.Equal("3", Cart(_signed, JoseTokens.Jws(JoseTokens.SignedHeader(), claims, JoseTestKeys.K1)));
    }

    public static TheoryData<string, CookieStateRejectionReason> EncryptedHeaders() => new()
    {
        { """{"alg":"none","enc":"A256CBC-HS512","kid":"k1"}""", CookieStateRejectionReason.AlgorithmNotAllowed },
        { """{"alg":"A256KW","enc":"A256CBC-HS512","kid":"k1"}""", CookieStateRejectionReason.AlgorithmNotAllowed },
        { """{"alg":"RSA-OAEP","enc":"A256CBC-HS512","kid":"k1"}""", CookieStateRejectionReason.AlgorithmNotAllowed },
        { """{"alg":"DIR","enc":"A256CBC-HS512","kid":"k1"}""", CookieStateRejectionReason.AlgorithmNotAllowed },
        { """{"alg":"dir","enc":"A128CBC-HS256","kid":"k1"}""", CookieStateRejectionReason.AlgorithmNotAllowed },
        { """{"alg":"dir","enc":"A256GCM","kid":"k1"}""", CookieStateRejectionReason.AlgorithmNotAllowed },
        { """{"alg":"dir","kid":"k1"}""", CookieStateRejectionReason.AlgorithmNotAllowed },
        { """{"alg":"dir","enc":"A256CBC-HS512","kid":"k1","zip":"DEF"}""", CookieStateRejectionReason.AlgorithmNotAllowed },
        { """{"alg":"dir","enc":"A256CBC-HS512","kid":"k1","crit":["exp"],"exp":1}""", CookieStateRejectionReason.Malformed },
        { """{"alg":"dir","enc":"A256CBC-HS512","kid":"k1","typ":"at+jwt"}""", CookieStateRejectionReason.Malformed },
        { """{"alg":"dir","enc":"A256CBC-HS512","kid":"k1","cty":"application/json"}""", CookieStateRejectionReason.Malformed },
        { """{"enc":"A256CBC-HS512","kid":"k1"}""", CookieStateRejectionReason.Malformed },
        { """{"alg":"di\u0072","enc":"A256CBC-HS512","kid":"k1"}""", CookieStateRejectionReason.Malformed },
        { """{"alg":"dir","alg":"dir","enc":"A256CBC-HS512","kid":"k1"}""", CookieStateRejectionReason.Malformed },
        { """{"alg":"dir","enc":"A256CBC-HS512","kid":1}""", CookieStateRejectionReason.Malformed },
        { """{"alg":"dir","enc":"A256CBC-HS512","kid":"k1","x":[[[1]]]}""", CookieStateRejectionReason.Malformed },
        { """["alg","dir"]""", CookieStateRejectionReason.Malformed },
        { """{"alg":"dir","enc":"A256CBC-HS512","kid":"k1"} """ + "x", CookieStateRejectionReason.Malformed },
        { "{\"alg\":\"dir\",\"enc\":\"A256CBC-HS512\",\"kid\":\"k1\",\"pad\":\"" + new string('x', 600) + "\"}", CookieStateRejectionReason.Malformed },
        { """{"alg":"dir","enc":"A256CBC-HS512"}""", CookieStateRejectionReason.UnknownKey },
        { """{"alg":"dir","enc":"A256CBC-HS512","kid":"k9"}""", CookieStateRejectionReason.UnknownKey },
        { """{"alg":"dir","enc":"A256CBC-HS512","kid":"../k1"}""", CookieStateRejectionReason.UnknownKey },
        { """{"alg":"dir","enc":"A256CBC-HS512","kid":"retired"}""", CookieStateRejectionReason.KeyRevoked },
        { """{"alg":"dir","enc":"A256CBC-HS512","kid":"future"}""", CookieStateRejectionReason.KeyRevoked },

        // Any member twice, not only the four CookieState compares (docs/jose.md): a second reader could take the other copy.
        { """{"alg":"dir","enc":"A256CBC-HS512","kid":"k1","typ":"JWT","typ":"JWT"}""", CookieStateRejectionReason.Malformed },
        { """{"alg":"dir","enc":"A256CBC-HS512","kid":"k1","cty":"JWT","cty":"JWT"}""", CookieStateRejectionReason.Malformed },
        { """{"alg":"dir","enc":"A256CBC-HS512","kid":"k1","x5t":"a","x5t":"b"}""", CookieStateRejectionReason.Malformed },
        { """{"alg":"dir","enc":"A256CBC-HS512","kid":"k1","x":1,"\u0078":2}""", CookieStateRejectionReason.Malformed },
        { """{"alg":"dir","enc":"A256CBC-HS512","kid":"k1","cs_refresh":1,"cs_refresh":1}""", CookieStateRejectionReason.Malformed },
    };

    [Theory]
    [MemberData(nameof(EncryptedHeaders))]
    public void Encrypted_mode_refuses_any_other_header(string header, CookieStateRejectionReason expected)
    {
        var key = header.Contains("retired", StringComparison.Ordinal) ? JoseTestKeys.K2 : header.Contains("future", StringComparison.Ordinal) ? JoseTestKeys.K3 : JoseTestKeys.K1;
        var encryptedKey = header.Contains("A256KW", StringComparison.Ordinal) ? JoseTokens.B64(new byte[40]) : string.Empty;

        Assert.Equal(expected, Rejection(_encrypted, JoseTokens.Jwe(header, Encoding.UTF8.GetBytes(JoseTokens.Claims()), key, encryptedKey)));
    }

    public static TheoryData<string, CookieStateRejectionReason> SignedHeaders() => new()
    {
        { """{"alg":"none","kid":"k1"}""", CookieStateRejectionReason.AlgorithmNotAllowed },
        { """{"alg":"HS512","kid":"k1"}""", CookieStateRejectionReason.AlgorithmNotAllowed },
        { """{"alg":"HS384","kid":"k1"}""", CookieStateRejectionReason.AlgorithmNotAllowed },
        { """{"alg":"RS256","kid":"k1"}""", CookieStateRejectionReason.AlgorithmNotAllowed },
        { """{"alg":"HS256","enc":"A256CBC-HS512","kid":"k1"}""", CookieStateRejectionReason.AlgorithmNotAllowed },
        { """{"alg":"HS256","kid":"k1","crit":["b64"],"b64":false}""", CookieStateRejectionReason.Malformed },
        { """{"alg":"HS256","kid":"k9"}""", CookieStateRejectionReason.UnknownKey },
    };

    [Theory]
    [MemberData(nameof(SignedHeaders))]
    public void Signed_mode_refuses_any_other_header(string header, CookieStateRejectionReason expected) =>
        Assert.Equal(expected, Rejection(_signed, JoseTokens.Jws(header, JoseTokens.Claims(), JoseTestKeys.K1)));

    [Fact]
    public void Unsecured_alg_none_tokens_are_refused_in_both_modes()
    {
        var unsecured = JoseTokens.B64("""{"alg":"none","kid":"k1"}""") + "." + JoseTokens.B64(JoseTokens.Claims()) + ".";

        Assert.Equal(CookieStateRejectionReason.AlgorithmNotAllowed, Rejection(_encrypted, unsecured));
        Assert.Equal(CookieStateRejectionReason.AlgorithmNotAllowed, Rejection(_signed, unsecured));
    }

    [Fact]
    public void A_JWS_where_a_JWE_is_configured_and_the_reverse_are_refused_even_under_the_right_key()
    {
        var claims = JoseTokens.Claims();

        Assert.Equal(CookieStateRejectionReason.AlgorithmNotAllowed, Rejection(_encrypted, JoseTokens.Jws(JoseTokens.SignedHeader(), claims, JoseTestKeys.K1)));
        Assert.Equal(CookieStateRejectionReason.AlgorithmNotAllowed, Rejection(_signed, JoseTokens.Jwe(JoseTokens.EncryptedHeader(), claims, JoseTestKeys.K1)));
    }

    [Fact]
    public void A_nested_JWT_is_refused_whether_unsigned_as_the_token_handler_makes_it_or_signed()
    {
        var handler = new JsonWebTokenHandler();
        var encrypting = new EncryptingCredentials(new SymmetricSecurityKey(JoseTestKeys.K1) { KeyId = "k1" }, "dir", "A256CBC-HS512");
        var claims = new Dictionary<string, object> { ["sid"] = Guid.NewGuid().ToString(), ["aud"] = "CookieState" };

        // No signing credentials: the handler nests an alg-none JWT inside the JWE.
        var unsigned = handler.CreateToken(new SecurityTokenDescriptor { Claims = claims, EncryptingCredentials = encrypting, IssuedAt = JoseTokens.Now.UtcDateTime, Expires = JoseTokens.Now.AddMinutes(5).UtcDateTime, NotBefore = JoseTokens.Now.UtcDateTime });
        Assert.StartsWith("eyJ", JoseTokens.OpenJwe(unsigned, JoseTestKeys.K1).Plaintext);
        var signed = handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            EncryptingCredentials = encrypting,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(JoseTestKeys.K1), SecurityAlgorithms.HmacSha256),
            IssuedAt = JoseTokens.Now.UtcDateTime,
            Expires = JoseTokens.Now.AddMinutes(5).UtcDateTime,
            NotBefore = JoseTokens.Now.UtcDateTime,
        });

        Assert.Equal(CookieStateRejectionReason.Malformed, Rejection(_encrypted, unsigned));
        Assert.Equal(CookieStateRejectionReason.Malformed, Rejection(_encrypted, signed));
    }

    [Theory]
    [InlineData("header")]
    [InlineData("encrypted-key")]
    [InlineData("iv")]
    [InlineData("iv-length")]
    [InlineData("ciphertext")]
    [InlineData("tag")]
    [InlineData("tag-length")]
    [InlineData("other-key")]
    public void A_changed_JWE_is_refused_as_tampered(string part)
    {
        var claims = JoseTokens.Claims();
        var token = JoseTokens.Jwe(JoseTokens.EncryptedHeader(), claims, JoseTestKeys.K1);
        var parts = token.Split('.');
        switch (part)
        {
            case "header":
                // Still a valid header for this key, but not the one the tag covers.
                parts[0] = JoseTokens.B64("""{"alg":"dir","enc":"A256CBC-HS512","kid":"k1","cs_refresh":1}""");
                break;
            case "encrypted-key":
                parts[1] = JoseTokens.B64(new byte[64]);
                break;
            case "iv":
                parts[2] = Flip(parts[2]);
                break;
            case "iv-length":
                parts[2] = JoseTokens.B64(new byte[12]);
                break;
            case "ciphertext":
                parts[3] = Flip(parts[3]);
                break;
            case "tag":
                parts[4] = Flip(parts[4]);
                break;
            case "tag-length":
                parts[4] = parts[4][..22];
                break;
            default:
                parts = JoseTokens.Jwe(JoseTokens.EncryptedHeader(), claims, Stranger).Split('.');
                break;
        }

        Assert.Equal(CookieStateRejectionReason.Tampered, Rejection(_encrypted, string.Join('.', parts)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void A_changed_JWS_is_refused_as_tampered(int part)
    {
        var parts = JoseTokens.Jws(JoseTokens.SignedHeader(), JoseTokens.Claims(), JoseTestKeys.K1).Split('.');
        parts[part] = part == 0 ? JoseTokens.B64("""{"alg":"HS256","kid":"k1","cs_refresh":1}""") : part == 1 ? JoseTokens.B64(JoseTokens.Claims(data: new Dictionary<string, string> { ["cart"] = JoseTokens.B64("300") })) : Flip(parts[2]);

        Assert.Equal(CookieStateRejectionReason.Tampered, Rejection(_signed, string.Join('.', parts)));
    }

    public static TheoryData<string, CookieStateRejectionReason> BadClaims() => new()
    {
        { Claims(aud: "SomethingElse"), CookieStateRejectionReason.AudienceMismatch },
        { JoseTokens.Claims(omitAud: true), CookieStateRejectionReason.AudienceMismatch },
        { Claims(aud: new[] { "api", "web" }), CookieStateRejectionReason.AudienceMismatch },
        { Claims(aud: new JsonRaw("42")), CookieStateRejectionReason.Malformed },
        { Claims(aud: new JsonRaw("""["api",7]""")), CookieStateRejectionReason.Malformed },
        { Claims(iat: Now + 600, exp: Now + 1800), CookieStateRejectionReason.IssuedInFuture },
        { Claims(extra: new() { ["nbf"] = Now + 600 }), CookieStateRejectionReason.IssuedInFuture },
        { Claims(extra: new() { ["cs_created"] = Now + 60 }), CookieStateRejectionReason.IssuedInFuture },
        { JoseTokens.Claims(omitSid: true), CookieStateRejectionReason.Malformed },
        { JoseTokens.Claims(omitIat: true), CookieStateRejectionReason.Malformed },
        { JoseTokens.Claims(omitExp: true), CookieStateRejectionReason.Malformed },
        { JoseTokens.Claims(omitData: true), CookieStateRejectionReason.Malformed },
        { Claims(sid: new JsonRaw("42")), CookieStateRejectionReason.Malformed },
        { Claims(sid: "not-a-uuid"), CookieStateRejectionReason.Malformed },
        { Claims(iat: "yesterday"), CookieStateRejectionReason.Malformed },
        { Claims(iat: new JsonRaw("-5")), CookieStateRejectionReason.Malformed },
        { Claims(exp: new JsonRaw("true")), CookieStateRejectionReason.Malformed },
        { Claims(exp: new JsonRaw("1e300")), CookieStateRejectionReason.Malformed },
        { Claims(extra: new() { ["cs_idle"] = "long" }), CookieStateRejectionReason.Malformed },
        { Claims(extra: new() { ["cs_created"] = new JsonRaw("null") }), CookieStateRejectionReason.Malformed },
        { Claims(data: new JsonRaw("[]")), CookieStateRejectionReason.Malformed },
        { Claims(data: new JsonRaw("""{"k":5}""")), CookieStateRejectionReason.Malformed },
        { Claims(data: new JsonRaw("""{"k":"ab+/"}""")), CookieStateRejectionReason.Malformed },
        { Claims(data: new JsonRaw("""{"k":"YWI="}""")), CookieStateRejectionReason.Malformed },
        { Claims(data: new JsonRaw("""{"k":"a"}""")), CookieStateRejectionReason.Malformed },
        { Claims(data: new JsonRaw("""{"k":"YW J"}""")), CookieStateRejectionReason.Malformed },
        { Claims(data: new JsonRaw("""{"k":"YWJ"}""")), CookieStateRejectionReason.Malformed },
        { Claims(data: new JsonRaw("""{"k":"\u0059WI"}""")), CookieStateRejectionReason.Malformed },
        { Claims(data: new JsonRaw("""{"k":"YWI","k":"YWI"}""")), CookieStateRejectionReason.Malformed },
        { Claims(extra: new() { ["deep"] = new JsonRaw("[[[[[[[[[[1]]]]]]]]]]") }), CookieStateRejectionReason.Malformed },
        { """{"sid":"9d6a5e80-59f3-4dde-a5b1-d1b0bd7d7c55","iat":1795435200,"iat":1795435200,"exp":1795436400,"aud":"CookieState","data":{}}""", CookieStateRejectionReason.Malformed },
        { JoseTokens.Claims() + " trailing", CookieStateRejectionReason.Malformed },
        { "[" + JoseTokens.Claims() + "]", CookieStateRejectionReason.Malformed },
        { JoseTokens.Claims()[..^2], CookieStateRejectionReason.Malformed },
    };

    [Theory]
    [MemberData(nameof(BadClaims))]
    public void Claims_that_are_missing_mistyped_or_not_ours_are_refused_in_both_modes(string claims, CookieStateRejectionReason expected)
    {
        Assert.Equal(expected, Rejection(_encrypted, JoseTokens.Jwe(JoseTokens.EncryptedHeader(), claims, JoseTestKeys.K1)));
        Assert.Equal(expected, Rejection(_signed, JoseTokens.Jws(JoseTokens.SignedHeader(), claims, JoseTestKeys.K1)));
    }

    [Fact]
    public void More_keys_or_longer_keys_than_the_limits_allow_are_refused_as_oversized()
    {
        using var harness = new PipelineHarness(
            o =>
            {
                o.MaxKeyCount = 3;
                o.MaxKeyLength = 8;
            },
            services: s => JoseTestKeys.Use(s));

        Assert.Equal("3", Cart(harness, JoseTokens.Jwe(JoseTokens.EncryptedHeader(), Claims(data: new JsonRaw($$"""{"cart":"{{JoseTokens.B64("3")}}","b":"","k8888888":""}""")), JoseTestKeys.K1)));
        Assert.Equal(CookieStateRejectionReason.Oversized, Rejection(harness, JoseTokens.Jwe(JoseTokens.EncryptedHeader(), Claims(data: new JsonRaw("""{"a":"","b":"","c":"","d":""}""")), JoseTestKeys.K1)));
        Assert.Equal(CookieStateRejectionReason.Oversized, Rejection(harness, JoseTokens.Jwe(JoseTokens.EncryptedHeader(), Claims(data: new JsonRaw("""{"k88888888":""}""")), JoseTestKeys.K1)));
    }

    [Fact]
    public void A_plaintext_that_is_not_UTF8_is_refused()
    {
        var plaintext = Encoding.UTF8.GetBytes(JoseTokens.Claims(data: new JsonRaw("{\"éé\":\"\"}")));
        plaintext[plaintext.AsSpan().IndexOf((byte)0xC3)] = 0xFF;

        Assert.Equal(CookieStateRejectionReason.Malformed, Rejection(_encrypted, JoseTokens.Jwe(JoseTokens.EncryptedHeader(), plaintext, JoseTestKeys.K1)));
    }

    [Fact]
    public void Tolerated_variants_are_accepted()
    {
        var data = new Dictionary<string, string> { ["cart"] = JoseTokens.B64("3") };

        // An audience list that names ours, fractional NumericDates, iat within the clock skew, unknown claims and header
        // parameters, and the cty/typ labels IdentityModel and others write.
        Assert.Equal("3", Cart(_encrypted, JoseTokens.Jwe(JoseTokens.EncryptedHeader(), Claims(aud: new[] { "api", "CookieState" }, data: data), JoseTestKeys.K1)));
        Assert.Equal("3", Cart(_encrypted, JoseTokens.Jwe(JoseTokens.EncryptedHeader(), Claims(iat: new JsonRaw($"{Now}.75"), exp: new JsonRaw($"{Now + 60}.5"), data: data), JoseTestKeys.K1)));
        Assert.Equal("3", Cart(_encrypted, JoseTokens.Jwe(JoseTokens.EncryptedHeader(), Claims(iat: Now + 240, exp: Now + 1440, data: data), JoseTestKeys.K1)));
        Assert.Equal("3", Cart(_encrypted, JoseTokens.Jwe(JoseTokens.EncryptedHeader(), Claims(extra: new() { ["iss"] = "node", ["sub"] = "u1", ["jti"] = "x", ["deep"] = new JsonRaw("""{"a":[1]}""") }, data: data), JoseTestKeys.K1)));
        Assert.Equal("3", Cart(_encrypted, JoseTokens.Jwe("""{"alg":"dir","enc":"A256CBC-HS512","kid":"k1","cty":"JWT","typ":"jwt","x5t":"abc"}""", Claims(data: data), JoseTestKeys.K1)));
        Assert.Equal("3", Cart(_signed, JoseTokens.Jws("""{"typ":"JWT","alg":"HS256","kid":"k1"}""", Claims(data: data), JoseTestKeys.K1)));
    }

    [Fact]
    public void Input_beyond_the_cookie_budget_is_refused_before_it_is_parsed()
    {
        var huge = "eyJ" + new string('A', _encrypted.Options.MaxCookieSize);
        using (var opened = _encrypted.Sealer(CookieStateFormat.Jose).Open(huge))
        {
            Assert.Equal(CookieStateRejectionReason.Oversized, opened.Rejection);
        }

        var cookies = new List<RequestCookie> { new(".CookieState", huge) };
        Assert.Equal(CookieStateRejectionReason.Oversized, _encrypted.Load(cookies).Rejection);
    }

    [Fact]
    public void Tokens_of_other_shapes_are_malformed()
    {
        var sealer = _encrypted.Sealer(CookieStateFormat.Jose);
        foreach (var text in new[] { "eyJhbGciOiJkaXIifQ", "eyJ.a.b.c", "eyJ.a.b.c.d.e.f", "eyJ!.a.b.c.d", "eyJhbGciOiJkaXIifQ....." })
        {
            using var opened = sealer.Open(text);
            Assert.Equal(CookieStateRejectionReason.Malformed, opened.Rejection);
        }
    }

    [Fact]
    public async Task A_refused_cookie_gives_an_empty_session_a_warning_an_event_and_200()
    {
        await using var host = await SecurityHost.StartAsync(services: s => JoseTestKeys.Use(s));
        var now = host.Host.Clock.GetUtcNow().ToUnixTimeSeconds();
        var jar = new CookieJar
        {
            [".CookieState"] = JoseTokens.Jwe("""{"alg":"dir","enc":"A256CBC-HS512","kid":"k1"}""", JoseTokens.Claims(iat: now, exp: now + 60, aud: "billing"), JoseTestKeys.K1),
        };

        using var response = await host.Host.GetAsync("/get/cart", jar);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("(null)", await response.Content.ReadAsStringAsync());
        Assert.Contains("Rejected:AudienceMismatch", host.Events);
        Assert.Contains(host.Host.Logs.Entries, e => e.EventId.Id == global::CookieState.Diagnostics.CookieStateEventIds.CookieRejected
            && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("AudienceMismatch", StringComparison.Ordinal));
        Assert.Empty(jar.Cookies);
    }

    private static string Claims(object? sid = null, object? iat = null, object? exp = null, object? aud = null, object? data = null, Dictionary<string, object?>? extra = null) =>
        JoseTokens.Claims(sid, iat, exp, aud, data, extra);

    private static CookieStateRejectionReason? Rejection(PipelineHarness harness, string token)
    {
        var result = harness.Load(harness.Split(token, harness.Sealer(CookieStateFormat.Jose)));
        Assert.Null(result.Payload);
        return result.Rejection;
    }

    private static string Cart(PipelineHarness harness, string token)
    {
        var result = harness.Load(harness.Split(token, harness.Sealer(CookieStateFormat.Jose)));
        Assert.Null(result.Rejection);
        Assert.NotNull(result.Payload);
        return Encoding.UTF8.GetString(result.Payload.Entries["cart"]);
    }

    /// <summary>Changes the first character of a base64url part to another of the alphabet.</summary>
    private static string Flip(string part) => (part[0] == 'A' ? 'B' : 'A') + part[1..];
}
