using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace CookieState.Cookies;

/// <summary>
/// Builds CookieState's cookies for a response: each chunk as one <c>Set-Cookie</c> line built straight from the sealed
/// text, and deletions for the chunks the request carried that the new state does not need. When an app's cookie policy
/// wraps the response cookies (consent, <c>OnAppendCookie</c>), cookies go through it instead. Responses that set or expire
/// a session cookie must not be stored by shared caches.
/// </summary>
internal sealed class ResponseCookieWriter
{
    private readonly CookieBuilder _cookie;
    private readonly CookieNames _names;
    private readonly bool _cacheAttributes;
    private CookieAttributes? _secure;
    private CookieAttributes? _insecure;

    public ResponseCookieWriter(CookieBuilder cookie, CookieNames names)
    {
        _cookie = cookie;
        _names = names;

        // A derived builder may vary its output per request in ways the cache cannot see.
        _cacheAttributes = cookie.GetType() == typeof(CookieBuilder);
    }

    public CookieAttributes GetAttributes(HttpContext context)
    {
        if (!_cacheAttributes)
        {
            return CookieAttributes.From(_cookie.Build(context));
        }

        // A plain CookieBuilder varies per request only in Secure, which its policy and the scheme decide.
        var secure = _cookie.SecurePolicy == CookieSecurePolicy.Always
            || (_cookie.SecurePolicy == CookieSecurePolicy.SameAsRequest && context.Request.IsHttps);
        ref var slot = ref secure ? ref _secure : ref _insecure;
        return slot ??= CookieAttributes.From(_cookie.Build(context));
    }

    /// <summary>
    /// The attributes of a session's cookies: <see cref="GetAttributes(HttpContext)"/>, with <c>Expires</c>/<c>Max-Age</c>
    /// when <paramref name="expires"/> is given (a persistent session). The one place a cookie gets an expiry: every set and
    /// chunk written for one session in one response must come from one call, so they share it.
    /// </summary>
    public CookieAttributes GetAttributes(HttpContext context, DateTimeOffset? expires, DateTimeOffset now) =>
        expires is { } at ? GetAttributes(context).WithExpiry(at, now) : GetAttributes(context);

    /// <summary>The chunks of <paramref name="sealedText"/>, and deletions of the <paramref name="stale"/> chunks it does not use.</summary>
    public PreparedCookies PrepareWrite(HttpContext context, CookieAttributes attributes, ReadOnlySpan<char> sealedText, in ChunkPlan plan, ReadOnlySpan<char> tag, ulong stale, CookieNames? names = null)
    {
        names ??= _names;
        stale &= ~ChunkMask.FirstN(plan.Count);
        if (!UsesDefaultCookies(context))
        {
            var cookies = new KeyValuePair<string, string?>[plan.Count + System.Numerics.BitOperations.PopCount(stale)];
            for (var index = 1; index <= plan.Count; index++)
            {
                var line = BuildLine(names[index], sealedText, plan, index, tag, string.Empty);
                cookies[index - 1] = new(names[index], line[(names[index].Length + 1)..]);
            }

            AddDeletions(names, cookies, plan.Count, stale);
            return PreparedCookies.ForPolicy(cookies, attributes.Options);
        }

        var lines = new string[plan.Count + System.Numerics.BitOperations.PopCount(stale)];
        for (var index = 1; index <= plan.Count; index++)
        {
            lines[index - 1] = BuildLine(names[index], sealedText, plan, index, tag, attributes.Append);
        }

        AddDeletionLines(names, lines, plan.Count, stale, attributes.Delete);
        return PreparedCookies.ForHeaders(lines, attributes.Options);
    }

    /// <summary>Deletions of the named chunks.</summary>
    public PreparedCookies PrepareExpire(HttpContext context, CookieAttributes attributes, ulong chunks, CookieNames? names = null)
    {
        names ??= _names;
        if (!UsesDefaultCookies(context))
        {
            var cookies = new KeyValuePair<string, string?>[System.Numerics.BitOperations.PopCount(chunks)];
            AddDeletions(names, cookies, 0, chunks);
            return PreparedCookies.ForPolicy(cookies, attributes.Options);
        }

        var lines = new string[System.Numerics.BitOperations.PopCount(chunks)];
        AddDeletionLines(names, lines, 0, chunks, attributes.Delete);
        return PreparedCookies.ForHeaders(lines, attributes.Options);
    }

    /// <summary>Puts prepared cookies into the response, with the headers that keep shared caches from storing it.</summary>
    public static void Emit(HttpResponse response, PreparedCookies cookies)
    {
        if (cookies.Lines is { Length: > 0 } lines)
        {
            var existing = response.Headers.SetCookie;
            response.Headers.SetCookie = existing.Count == 0 ? new StringValues(lines) : StringValues.Concat(existing, lines);
        }
        else if (cookies.PolicyCookies is { Length: > 0 } pairs)
        {
            // A policy may change the options it is handed (OnAppendCookie, SameSite fixes): give each cookie its own.
            foreach (var (name, value) in pairs)
            {
                if (value is null)
                {
                    response.Cookies.Delete(name, new CookieOptions(cookies.Options));
                }
                else
                {
                    response.Cookies.Append(name, value, new CookieOptions(cookies.Options));
                }
            }
        }
        else
        {
            return;
        }

        PreventSharedCaching(response);
    }

    /// <summary>The default cookies feature writes headers and nothing else; anything else may be a policy.</summary>
    private static bool UsesDefaultCookies(HttpContext context) =>
        context.Features.Get<IResponseCookiesFeature>() is null or ResponseCookiesFeature;

    private static string BuildLine(string name, ReadOnlySpan<char> sealedText, in ChunkPlan plan, int index, ReadOnlySpan<char> tag, string attributes)
    {
        var (offset, length) = plan.Slice(index);
        var parts = new LineParts
        {
            Name = name,
            Number = plan.Bare ? 0 : plan.HeaderNumber(index),
            Tag = tag,
            Data = sealedText.Slice(offset, length),
            Attributes = attributes,
        };
        return string.Create(name.Length + 1 + plan.HeaderLength(index) + length + attributes.Length, parts, static (destination, parts) =>
        {
            parts.Name.CopyTo(destination);
            destination[parts.Name.Length] = '=';
            var position = parts.Name.Length + 1;
            if (parts.Number > 0)
            {
                position += ChunkHeader.Write(destination[position..], parts.Number, parts.Tag);
            }

            parts.Data.CopyTo(destination[position..]);
            parts.Attributes.CopyTo(destination[(position + parts.Data.Length)..]);
        });
    }

    private static void AddDeletionLines(CookieNames names, string[] lines, int start, ulong chunks, string delete)
    {
        var position = start;
        foreach (var index in ChunkMask.Indexes(chunks))
        {
            lines[position++] = string.Concat(names[index], "=", delete);
        }
    }

    private static void AddDeletions(CookieNames names, KeyValuePair<string, string?>[] cookies, int start, ulong chunks)
    {
        var position = start;
        foreach (var index in ChunkMask.Indexes(chunks))
        {
            cookies[position++] = new(names[index], null);
        }
    }

    /// <summary>
    /// A shared cache that stored this response would hand one user's session cookie to the next. Keep a stricter
    /// <c>Cache-Control</c> the app set; otherwise forbid storing, as ASP.NET Core's own session does.
    /// </summary>
    private static void PreventSharedCaching(HttpResponse response)
    {
        ResponseCaching.ForbidStoring(response);
        response.Headers.Pragma = "no-cache";
    }

    private ref struct LineParts
    {
        public ReadOnlySpan<char> Name;
        public int Number;
        public ReadOnlySpan<char> Tag;
        public ReadOnlySpan<char> Data;
        public ReadOnlySpan<char> Attributes;
    }
}
