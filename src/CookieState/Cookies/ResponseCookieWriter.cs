using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace CookieState.Cookies;

/// <summary>
/// Writes CookieState's cookies into the response: each chunk as one <c>Set-Cookie</c> built straight from the sealed
/// text, and deletions for the chunks the client holds but no longer needs. When an app's cookie policy wraps the
/// response cookies (consent, <c>OnAppendCookie</c>), cookies go through it instead. Responses that set or expire a
/// session cookie must not be stored by shared caches.
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

    /// <summary>Writes the chunks of <paramref name="sealedText"/> and expires the <paramref name="stale"/> chunks the client holds.</summary>
    public void Write(HttpContext context, CookieAttributes attributes, ReadOnlySpan<char> sealedText, in ChunkPlan plan, ReadOnlySpan<char> tag, ulong stale)
    {
        stale &= ~ChunkBits(plan.Count);
        if (!UsesDefaultCookies(context))
        {
            WriteThroughPolicy(context, attributes, sealedText, plan, tag, stale);
            return;
        }

        var headers = new string[plan.Count + System.Numerics.BitOperations.PopCount(stale)];
        for (var index = 1; index <= plan.Count; index++)
        {
            headers[index - 1] = BuildHeader(_names[index], sealedText, plan, index, tag, attributes.Append);
        }

        AddDeletions(headers, plan.Count, stale, attributes);
        Append(context.Response, headers);
    }

    /// <summary>Expires the named chunks at the client.</summary>
    public void Expire(HttpContext context, CookieAttributes attributes, ulong chunks)
    {
        if (chunks == 0)
        {
            return;
        }

        if (!UsesDefaultCookies(context))
        {
            foreach (var index in Indexes(chunks))
            {
                context.Response.Cookies.Delete(_names[index], attributes.Options);
            }

            PreventSharedCaching(context.Response);
            return;
        }

        var headers = new string[System.Numerics.BitOperations.PopCount(chunks)];
        AddDeletions(headers, 0, chunks, attributes);
        Append(context.Response, headers);
    }

    /// <summary>Takes back the <c>Set-Cookie</c> headers of ours this response already carries, before a second commit.</summary>
    public void RemoveEarlierWrites(HttpResponse response)
    {
        var existing = response.Headers.SetCookie;
        var kept = new List<string?>(existing.Count);
        foreach (var header in existing)
        {
            var nameEnd = header?.IndexOf('=') ?? -1;
            if (nameEnd < 0 || _names.IndexOf(header.AsSpan(0, nameEnd), out var caseVariant) == 0 || caseVariant)
            {
                kept.Add(header);
            }
        }

        response.Headers.SetCookie = kept.ToArray();
    }

    /// <summary>The default cookies feature writes headers and nothing else; anything else may be a policy.</summary>
    private static bool UsesDefaultCookies(HttpContext context) =>
        context.Features.Get<IResponseCookiesFeature>() is null or ResponseCookiesFeature;

    private static string BuildHeader(string name, ReadOnlySpan<char> sealedText, in ChunkPlan plan, int index, ReadOnlySpan<char> tag, string attributes)
    {
        var (offset, length) = plan.Slice(index);
        var parts = new HeaderParts
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

    private void WriteThroughPolicy(HttpContext context, CookieAttributes attributes, ReadOnlySpan<char> sealedText, in ChunkPlan plan, ReadOnlySpan<char> tag, ulong stale)
    {
        for (var index = 1; index <= plan.Count; index++)
        {
            var header = BuildHeader(_names[index], sealedText, plan, index, tag, string.Empty);
            context.Response.Cookies.Append(_names[index], header[(_names[index].Length + 1)..], attributes.Options);
        }

        foreach (var index in Indexes(stale))
        {
            context.Response.Cookies.Delete(_names[index], attributes.Options);
        }

        PreventSharedCaching(context.Response);
    }

    private void AddDeletions(string[] headers, int start, ulong chunks, CookieAttributes attributes)
    {
        var position = start;
        foreach (var index in Indexes(chunks))
        {
            headers[position++] = string.Concat(_names[index], "=", attributes.Delete);
        }
    }

    private static void Append(HttpResponse response, string[] headers)
    {
        var existing = response.Headers.SetCookie;
        response.Headers.SetCookie = existing.Count == 0 ? new StringValues(headers) : StringValues.Concat(existing, headers);
        PreventSharedCaching(response);
    }

    /// <summary>
    /// A shared cache that stored this response would hand one user's session cookie to the next. Keep a stricter
    /// <c>Cache-Control</c> the app set; otherwise forbid storing, as ASP.NET Core's own session does.
    /// </summary>
    private static void PreventSharedCaching(HttpResponse response)
    {
        var cacheControl = response.Headers.CacheControl.ToString();
        if (!cacheControl.Contains("no-store", StringComparison.OrdinalIgnoreCase))
        {
            response.Headers.CacheControl = "no-cache, no-store";
        }

        response.Headers.Pragma = "no-cache";
    }

    private static ulong ChunkBits(int count) => count >= 64 ? ulong.MaxValue : (1UL << count) - 1;

    private static IEnumerable<int> Indexes(ulong chunks)
    {
        for (var index = 1; chunks != 0; index++, chunks >>= 1)
        {
            if ((chunks & 1) != 0)
            {
                yield return index;
            }
        }
    }

    private ref struct HeaderParts
    {
        public ReadOnlySpan<char> Name;
        public int Number;
        public ReadOnlySpan<char> Tag;
        public ReadOnlySpan<char> Data;
        public ReadOnlySpan<char> Attributes;
    }
}
