using CookieState.Cookies;
using CookieState.Lifetime;
using CookieState.Protection;
using CookieState.Serialization;
using Microsoft.AspNetCore.Http;

namespace CookieState.Persistence;

/// <summary>
/// The outbound half of the pipeline: session → plaintext (serialized once, into a pooled buffer) → sealed text → chunk
/// plan → <c>Set-Cookie</c> headers built straight from the sealed text. Checks the real sealed size against the budget
/// before anything is written.
/// </summary>
internal sealed class SessionWriter
{
    private readonly SessionFormats _formats;
    private readonly SessionLifetime _lifetime;
    private readonly SessionBudget _budget;
    private readonly ResponseCookieWriter _cookies;
    private readonly CookieNames _names;
    private readonly PartitionLayout _layout;

    public SessionWriter(
        SessionFormats formats,
        SessionLifetime lifetime,
        SessionBudget budget,
        ResponseCookieWriter cookies,
        CookieNames names,
        PartitionLayout layout)
    {
        _names = names;
        _layout = layout;
        _formats = formats;
        _lifetime = lifetime;
        _budget = budget;
        _cookies = cookies;
    }

    public SessionFormat Format => _formats.Writer;

    /// <summary>
    /// Seals the session and prepares its cookies, with deletions of the chunks in <paramref name="requestChunks"/> it
    /// does not use. Throws <see cref="CookieStateOverflowException"/>, preparing nothing, when the cookies would break
    /// the budget.
    /// </summary>
    public PendingCookies Prepare(HttpContext context, in SessionHeader header, SessionEntries entries, ulong requestChunks, out int cookieCount, out int size) =>
        new(PrepareOne(context, header, entries, requestChunks, out cookieCount, out size));

    private PreparedCookies PrepareOne(HttpContext context, in SessionHeader header, SessionEntries entries, ulong requestChunks, out int cookieCount, out int size)
    {
        var format = _formats.Writer;
        var attributes = AttributesFor(context, header);
        using var sealedText = format.Seal(header, entries.Values, entries.Size, _lifetime.RefreshAfter(header));
        var plan = _budget.Plan(format, sealedText.Length, attributes.Append.Length);
        size = _budget.EnsureFits(plan, header, entries);
        cookieCount = plan.Count;

        Span<char> tag = stackalloc char[ChunkHeader.TagLength];
        if (!plan.Bare)
        {
            format.Sealer.WriteContentTag(sealedText.Span, tag);
        }

        return _cookies.PrepareWrite(context, attributes, sealedText.Span, plan, tag, requestChunks);
    }

    /// <summary>
    /// The cookie attributes for a session sealed with <paramref name="header"/>: a persistent session's carry the end of
    /// its validity window (capped by its absolute limit) as <c>Expires</c>/<c>Max-Age</c>, renewed with every re-seal.
    /// </summary>
    public CookieAttributes AttributesFor(HttpContext context, in SessionHeader header) =>
        _cookies.GetAttributes(context, _lifetime.CookieExpiresAt(header), _lifetime.Now);

    /// <summary>
    /// Seals one cookie set of a partitioned session: the lifetime set (<paramref name="set"/> <see langword="null"/>, no
    /// entries) or a content set, which seals its set name beside its entries. Checks the set's chunk count; the caller
    /// checks the total.
    /// </summary>
    public PreparedCookies PrepareSet(
        HttpContext context, in SessionHeader header, string? set, Dictionary<string, byte[]> entries, SessionEntries all, ulong requestChunks, out int size)
    {
        var format = _formats.Writer;
        var attributes = AttributesFor(context, header);
        var names = set is null ? _names : _layout.NamesOf(set);
        if (set is not null)
        {
            entries[PartitionLayout.MarkerKey] = PartitionLayout.Marker(set);
        }

        var entriesSize = new EntrySizeTracker(format.Codec, entries).Total;
        using var sealedText = format.Seal(header, entries, entriesSize, _lifetime.RefreshAfter(header));
        entries.Remove(PartitionLayout.MarkerKey);
        var plan = _budget.Plan(format, sealedText.Length, attributes.Append.Length, names);
        size = _budget.EnsureSetFits(plan, header, all);

        Span<char> tag = stackalloc char[ChunkHeader.TagLength];
        if (!plan.Bare)
        {
            format.Sealer.WriteContentTag(sealedText.Span, tag);
        }

        return _cookies.PrepareWrite(context, attributes, sealedText.Span, plan, tag, requestChunks, names);
    }

    /// <summary>Expires every cookie set the request carried that a deletion can reach (none of a name that came twice).</summary>
    public PendingCookies PrepareExpireAll(HttpContext context, RequestCookies cookies)
    {
        var prepared = new List<PreparedCookies>(1 + cookies.ContentSets.Count);
        if (!cookies.HasDuplicates && cookies.Chunks != 0)
        {
            prepared.Add(PrepareExpireSet(context, _names, cookies.Chunks));
        }

        foreach (var set in cookies.ContentSets)
        {
            if (!set.Cookies.HasDuplicates && set.Cookies.Present != 0)
            {
                prepared.Add(PrepareExpireSet(context, set.Names, set.Cookies.Present));
            }
        }

        return new PendingCookies([.. prepared]);
    }

    /// <summary>
    /// The write of a session when partitions are configured or the request carried content sets. With partitions off on
    /// this node: the one set as before, holding every key, and every content set expired (their keys moved into it). With
    /// partitions on: the lifetime set (header only) when <paramref name="mainMustWrite"/>; each content set whose keys
    /// changed, moved in or out, or that held a stale copy, rewritten (or expired once empty); every set after a new id;
    /// sets of partitions this node does not configure expired, their keys written where this node puts them.
    /// <paramref name="written"/> collects the sets written, for a later commit of the same request to write them again.
    /// </summary>
    public PendingCookies PrepareSets(
        HttpContext context, in SessionHeader header, SessionEntries entries, RequestCookies? cookies, ContentRead? content,
        bool identityChanged, bool mainMustWrite, HashSet<string> written, out int count, out int size)
    {
        const string Main = "";
        var carried = cookies?.ContentSets ?? [];
        var prepared = new List<PreparedCookies>(2);
        count = 0;
        size = 0;
        var mainChunks = cookies is { HasDuplicates: false } ? cookies.Chunks : 0;
        if (!_layout.IsEnabled)
        {
            prepared.Add(PrepareOne(context, header, entries, mainChunks, out count, out size));
            foreach (var set in carried)
            {
                if (!set.Cookies.HasDuplicates && set.Cookies.Present != 0)
                {
                    prepared.Add(PrepareExpireSet(context, set.Names, set.Cookies.Present));
                }
            }

            return new PendingCookies([.. prepared]);
        }

        // Each key's home on this node, and the sets that must be rewritten.
        var homes = new Dictionary<string, Dictionary<string, byte[]>>(StringComparer.Ordinal);
        foreach (var (key, value) in entries.Values)
        {
            var home = _layout.HomeOf(key)!;
            if (!homes.TryGetValue(home, out var held))
            {
                homes[home] = held = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            }

            held[key] = value;
        }

        var dirty = new HashSet<string>(written, StringComparer.Ordinal);
        foreach (var key in entries.ChangedKeys())
        {
            dirty.Add(_layout.HomeOf(key)!);
        }

        foreach (var key in entries.Keys)
        {
            var origin = content is not null && content.Origins.TryGetValue(key, out var set) ? set : Main;
            var home = _layout.HomeOf(key)!;
            if (origin != home)
            {
                dirty.Add(home);
            }
        }

        if (content is not null)
        {
            foreach (var (set, keys) in content.SetKeys)
            {
                foreach (var key in keys)
                {
                    if (_layout.HomeOf(key) != set || !content.Origins.TryGetValue(key, out var origin) || origin != set)
                    {
                        dirty.Add(set);
                        break;
                    }
                }
            }

            foreach (var (set, _) in content.Rejected)
            {
                dirty.Add(set);
            }
        }

        var total = 0;
        var sets = 0;
        if (mainMustWrite || written.Contains(Main) || cookies is null || cookies.Chunks == 0)
        {
            prepared.Add(PrepareSet(context, header, null, new Dictionary<string, byte[]>(StringComparer.Ordinal), entries, mainChunks, out var mainSize));
            total += mainSize;
            written.Add(Main);
            sets++;
        }
        else
        {
            total += cookies.Set.HeaderLength;
        }

        foreach (var target in _layout.Targets)
        {
            var carriedSet = Find(carried, target);
            var setChunks = carriedSet is { Cookies.HasDuplicates: false } ? carriedSet.Cookies.Present : 0;
            homes.TryGetValue(target, out var held);
            if (identityChanged || dirty.Contains(target))
            {
                if (held is { Count: > 0 })
                {
                    prepared.Add(PrepareSet(context, header, target, held, entries, setChunks, out var setSize));
                    total += 2 + setSize;
                    written.Add(target);
                    sets++;
                }
                else if (setChunks != 0)
                {
                    prepared.Add(PrepareExpireSet(context, carriedSet!.Names, setChunks));
                }
            }
            else if (carriedSet is not null)
            {
                total += 2 + carriedSet.Cookies.HeaderLength;
            }
        }

        // Sets of partitions this node does not configure: their keys were written where this node puts them above.
        foreach (var set in carried)
        {
            if (!_layout.Targets.Contains(set.Set) && !set.Cookies.HasDuplicates && set.Cookies.Present != 0)
            {
                prepared.Add(PrepareExpireSet(context, set.Names, set.Cookies.Present));
            }
        }

        EnsureTotalFits(total, header, entries);
        count = sets;
        size = total;
        return new PendingCookies([.. prepared]);
    }

    private static ContentSetCookies? Find(IReadOnlyList<ContentSetCookies> carried, string set)
    {
        foreach (var candidate in carried)
        {
            if (candidate.Set == set)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Prepares the deletion of the chunks of one cookie set of a partitioned session.</summary>
    public PreparedCookies PrepareExpireSet(HttpContext context, CookieNames names, ulong requestChunks) =>
        _cookies.PrepareExpire(context, _cookies.GetAttributes(context), requestChunks, names);

    /// <summary>Checks the total of all cookie sets of a partitioned session against the budget.</summary>
    public void EnsureTotalFits(int total, in SessionHeader header, SessionEntries entries) => _budget.EnsureTotalFits(total, header, entries);

    /// <summary>Prepares the deletion of the chunks in <paramref name="requestChunks"/>.</summary>
    public PendingCookies PrepareExpire(HttpContext context, ulong requestChunks) =>
        new(_cookies.PrepareExpire(context, _cookies.GetAttributes(context), requestChunks));

    /// <summary>
    /// Tells caches that the response depends on the session cookies. Said as soon as a request loads its session: a
    /// response cache decides what to vary by before the response starts.
    /// </summary>
    public static void VaryByCookie(HttpResponse response) => ResponseCaching.VaryByCookie(response);

    /// <summary>Whether a cache may store the response: then no refresh may go into it.</summary>
    public static bool IsCacheable(HttpContext context) => ResponseCaching.IsCacheable(context);

    /// <summary>Throws when the session as it is now cannot fit its cookies; the check <c>Set</c> runs.</summary>
    /// <remarks><c>unopened</c>: the characters of content sets the request carried that are not open, counted as they are.</remarks>
    public void EnsureFits(HttpContext context, in SessionHeader header, SessionEntries entries, string? changedKey, int changedLength, int unopened = 0) =>
        _budget.EnsureFits(_formats.Writer, header, entries, AttributesFor(context, header).Append.Length, changedKey, changedLength, PartitionOverhead(header, entries) + unopened);

    /// <summary>
    /// What the content sets of a partitioned session add to the one-set size the budget measures: per set in use, a sealed
    /// header with its marker, the set's name and separator. A bound, checked exactly again at commit.
    /// </summary>
    private int PartitionOverhead(in SessionHeader header, SessionEntries entries)
    {
        if (!_layout.IsEnabled || entries.Count == 0)
        {
            return 0;
        }

        var sets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in entries.Keys)
        {
            sets.Add(_layout.HomeOf(key)!);
            if (sets.Count > _layout.Partitions.Count)
            {
                break;
            }
        }

        var format = _formats.Writer;
        var perSet = format.GetMaxSealedLength(header, 1, format.Codec.GetEntrySize(PartitionLayout.MarkerKey, 16))
            + _names.BaseName.Length + 1 + 16 + 1 + ChunkHeader.TagLength + 8 + 2;
        return sets.Count * perSet;
    }

    /// <summary>The cookies the session would take if sealed now, sealing it once to measure; for the inspector only.</summary>
    public (int Size, CookieStateCookie[] Cookies) Measure(HttpContext context, in SessionHeader header, SessionEntries entries)
    {
        var format = _formats.Writer;
        using var sealedText = format.Seal(header, entries.Values, entries.Size, _lifetime.RefreshAfter(header));
        var plan = _budget.Plan(format, sealedText.Length, AttributesFor(context, header).Append.Length);
        var cookies = new CookieStateCookie[plan.Count];
        for (var index = 1; index <= plan.Count; index++)
        {
            cookies[index - 1] = new CookieStateCookie(_names[index], plan.HeaderLength(index) + plan.Slice(index).Length);
        }

        return (plan.RequestHeaderLength, cookies);
    }
}
