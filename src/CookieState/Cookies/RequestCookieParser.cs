using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CookieState.Cookies;

/// <summary>
/// Finds CookieState's cookies in the raw <c>Cookie</c> request header(s). <c>Request.Cookies</c> would not do: it matches
/// names ignoring case, lets the last duplicate win, and URL-decodes values, so a planted case variant could replace the
/// real cookie and <c>%41</c> would read as <c>A</c>. Here names are matched ordinally and values are taken verbatim; a
/// duplicate of one of our names is kept as another candidate and a case variant is ignored, both remembered
/// (<see cref="SessionCookieSet.HasDuplicates"/>) so that no response deletes what it cannot tell apart.
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
        var set = new SessionCookieSet(names.MaxChunkCount, maxCookieSize);
        foreach (var header in cookieHeaders)
        {
            if (header is not null)
            {
                ParseHeader(header, names, set);
            }
        }

        // With duplicates the limit applies to each candidate (the joiner checks it): a 4 KB planted copy must not make the
        // genuine set oversized.
        if (!set.HasDuplicates && set.HeaderLength > maxCookieSize)
        {
            set.Reject(CookieStateRejectionReason.Oversized);
        }

        return set;
    }

    /// <summary>
    /// The content sets of a partitioned session the request carries (<c>{baseName}.{set}</c> and its chunks
    /// <c>{baseName}.{set}C2</c> …), in order of first appearance, at most <paramref name="max"/>: names are matched exactly,
    /// and every node finds every set, configured or not, so that nodes that disagree about partitions lose no key.
    /// </summary>
    public static List<string>? FindSets(StringValues cookieHeaders, string baseName, int max)
    {
        List<string>? sets = null;
        foreach (var header in cookieHeaders)
        {
            if (header is null || !header.Contains(baseName, StringComparison.Ordinal))
            {
                continue;
            }

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
                    if (name.Length > baseName.Length + 1 && name[baseName.Length] == '.' && name.StartsWith(baseName, StringComparison.Ordinal))
                    {
                        var set = name[(baseName.Length + 1)..];
                        var marker = set.LastIndexOf('C');
                        if (marker > 0 && set[(marker + 1)..] is { Length: > 0 } digits && !digits.ContainsAnyExceptInRange('0', '9'))
                        {
                            set = set[..marker];
                        }

                        if (CookieNames.IsSetName(set) && !Contains(sets, set))
                        {
                            if ((sets ??= []).Count == max)
                            {
                                return sets;
                            }

                            sets.Add(set.ToString());
                        }
                    }
                }

                position = end + 1;
            }
        }

        return sets;
    }

    private static bool Contains(List<string>? sets, ReadOnlySpan<char> set)
    {
        foreach (var known in sets ?? [])
        {
            if (set.SequenceEqual(known))
            {
                return true;
            }
        }

        return false;
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
                    set.AddCaseVariant();
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
