using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CookieState.Configuration;

/// <summary>
/// Refuses, at startup, options that would fail on the first request or, worse, fail silently: a cookie a browser drops
/// (prefix rules, <c>SameSite=None</c> without <c>Secure</c>, over 4 KB), a persistent cookie nobody asked for, limits out
/// of range.
/// </summary>
internal sealed class CookieStateOptionsValidator : IValidateOptions<CookieStateOptions>
{
    // The smallest room for sealed text a chunk may leave once name, chunk header and attributes are written.
    private const int MinimumChunkRoom = 64;

    public ValidateOptionsResult Validate(string? name, CookieStateOptions options)
    {
        var failures = new List<string>();
        void Check(bool valid, string message)
        {
            if (!valid)
            {
                failures.Add(message);
            }
        }

        Check(options.IdleTimeout > TimeSpan.Zero, "IdleTimeout must be positive.");
        Check(options.AbsoluteTimeout > TimeSpan.Zero, "AbsoluteTimeout must be positive.");
        Check(options.IdleTimeout <= options.AbsoluteTimeout, "IdleTimeout must not exceed AbsoluteTimeout.");
        Check(options.MaxIdleTimeout is null || (options.MaxIdleTimeout >= options.IdleTimeout && options.MaxIdleTimeout <= options.AbsoluteTimeout),
            "MaxIdleTimeout must lie between IdleTimeout and AbsoluteTimeout.");
        Check(options.MaxClockSkew >= TimeSpan.Zero, "MaxClockSkew must not be negative.");
        Check(options.RefreshThreshold is >= 0 and <= 1, "RefreshThreshold must lie within 0..1.");
        Check(options.ChunkSize is >= 256 and <= 4096, "ChunkSize must lie within 256..4096: browsers drop cookies over about 4096 bytes.");
        Check(options.MaxCookieSize > 0, "MaxCookieSize must be positive.");
        Check(options.MaxChunkCount is >= 1 and <= CookieStateDefaults.MaxChunkCountLimit, "MaxChunkCount must lie within 1..64.");
        Check(options.MaxKeyCount > 0, "MaxKeyCount must be positive.");
        Check(options.MaxKeyLength is >= 1 and <= 65535, "MaxKeyLength must lie within 1..65535.");
        Check(options.ResponseBufferLimit > 0, "ResponseBufferLimit must be positive.");
        Check(Enum.IsDefined(options.Compression), "Compression must be a known value.");
        Check(Enum.IsDefined(options.Format), "Format must be a known value.");
        Check(options.MaxDecompressedSize is > 0 and <= 16 * 1024 * 1024, "MaxDecompressedSize must lie within 1..16 MB.");
        Check(options.PaddingBucket is >= 0 and <= 4096, "PaddingBucket must lie within 0..4096.");
        Check(options.Events is not null, "Events must be set.");
        ValidateEnvelope(options.Envelope, Check);
        ValidateCookie(options, Check);

        return failures.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(failures.Select(f => "Invalid CookieStateOptions: " + f));
    }

    private static void ValidateEnvelope(CookieStateEnvelopeOptions? envelope, Action<bool, string> check)
    {
        check(envelope is not null, "Envelope must be set.");
        if (envelope is null)
        {
            return;
        }

        check(envelope.DataKeyLifetime > TimeSpan.Zero, "Envelope.DataKeyLifetime must be positive.");
        check(envelope.DataKeyMaxSeals is > 0 and <= 1L << 32, "Envelope.DataKeyMaxSeals must lie within 1..2^32, the AES-GCM bound per key.");
        check(envelope.DataKeyCacheLifetime > TimeSpan.Zero, "Envelope.DataKeyCacheLifetime must be positive.");
        check(envelope.DataKeyCacheSize >= 1, "Envelope.DataKeyCacheSize must be at least 1.");
    }

    private static void ValidateCookie(CookieStateOptions options, Action<bool, string> check)
    {
        var cookie = options.Cookie;
        var cookieName = cookie.Name ?? string.Empty;
        check(cookieName.Length > 0, "Cookie.Name must be set.");
        check(cookie.Expiration is null,
            "Cookie.Expiration must not be set: it would make the session cookie outlive the browser session without a word. " +
            "The server enforces IdleTimeout and AbsoluteTimeout.");
        check(cookie.MaxAge is null,
            "Cookie.MaxAge must not be set: it would make the session cookie outlive the browser session without a word. " +
            "The server enforces IdleTimeout and AbsoluteTimeout.");
        check(cookie.SameSite != SameSiteMode.None || cookie.SecurePolicy == CookieSecurePolicy.Always,
            "Cookie.SameSite = None needs Cookie.SecurePolicy = Always: browsers drop SameSite=None cookies without Secure.");
        if (cookieName.StartsWith("__Host-", StringComparison.Ordinal))
        {
            check(cookie.SecurePolicy == CookieSecurePolicy.Always && cookie.Path == "/" && string.IsNullOrEmpty(cookie.Domain),
                $"The cookie name '{cookieName}' has the __Host- prefix, which browsers accept only with " +
                "Cookie.SecurePolicy = CookieSecurePolicy.Always, Cookie.Path = \"/\" and no Cookie.Domain.");
        }
        else if (cookieName.StartsWith("__Secure-", StringComparison.Ordinal))
        {
            check(cookie.SecurePolicy == CookieSecurePolicy.Always,
                $"The cookie name '{cookieName}' has the __Secure- prefix, which browsers accept only with " +
                "Cookie.SecurePolicy = CookieSecurePolicy.Always.");
        }

        if (cookieName.Length > 0 && cookie.Expiration is null && cookie.MaxAge is null)
        {
            var attributes = new DefaultHttpContext { Request = { Scheme = "https" } };
            var room = options.ChunkSize - cookieName.Length - 4 - 1 - 12 - cookie.Build(attributes).CreateCookieHeader("x", string.Empty).ToString().Length;
            check(room >= MinimumChunkRoom,
                $"ChunkSize ({options.ChunkSize}) leaves too little room for data once the cookie name, chunk header and " +
                "attributes (path, domain, extensions) are written.");
        }
    }
}
