using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CookieState.Cookies;

/// <summary>
/// Finds CookieState's cookies in the raw <c>Cookie</c> request header(s). <c>Request.Cookies</c> would not do: it matches
/// names ignoring case, lets the last duplicate win, and URL-decodes values, so a planted case variant could replace the
/// real cookie and <c>%41</c> would read as <c>A</c>. Here names are matched ordinally, values are taken verbatim, and a
/// duplicate or a case variant of any of our names makes the whole set unusable.
/// </summary>
internal static class RequestCookieParser
{
    /// <summary>Whether the request carries a cookie that is or looks like ours, without reading any value.</summary>
    public static bool MayCarry(HttpRequest request, CookieNames names) => MayCarry(request, names.BaseName);

    /// <summary>Whether any <c>Cookie</c> header mentions <paramref name="name"/> in any case: a cheap test before parsing.</summary>
    public static bool MayCarry(HttpRequest request, string name)
    {
        foreach (var header in request.Headers.Cookie)
        {
            if (header is not null && header.Contains(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public static SessionCookieSet Parse(StringValues cookieHeaders, CookieNames names, int maxCookieSize)
    {
        var set = new SessionCookieSet(names.MaxChunkCount);
        foreach (var header in cookieHeaders)
        {
            if (header is not null)
            {
                ParseHeader(header, names, set);
            }
        }

        if (set.HeaderLength > maxCookieSize)
        {
            set.Reject(CookieStateRejectionReason.Oversized);
        }

        return set;
    }

    private static void ParseHeader(string header, CookieNames names, SessionCookieSet set)
    {
        var position = 0;
        while (position < header.Length)
        {
            var end = header.IndexOf(';', position);
            if (end < 0)
            {
                end = header.Length;
            }

            var pair = header.AsSpan(position, end - position);
            var equals = pair.IndexOf('=');
            if (equals > 0)
            {
                var name = pair[..equals].Trim(" \t");
                var index = names.IndexOf(name, out var caseVariant);
                if (caseVariant)
                {
                    set.Reject(CookieStateRejectionReason.ChunkMismatch);
                }
                else if (index > 0)
                {
                    var valueStart = position + equals + 1;
                    var value = header.AsMemory(valueStart, end - valueStart).Trim(" \t".AsSpan());
                    set.Add(index, value, name.Length);
                }
            }

            position = end + 1;
        }
    }

    private static ReadOnlyMemory<char> Trim(this ReadOnlyMemory<char> value, ReadOnlySpan<char> whiteSpace)
    {
        var span = value.Span;
        var start = span.Length - span.TrimStart(whiteSpace).Length;
        var length = span.Trim(whiteSpace).Length;
        return value.Slice(start, length);
    }
}
