using CookieState.Cookies;
using CookieState.Format;
using CookieState.Lifetime;
using CookieState.Protection;
using Microsoft.AspNetCore.Http;

namespace CookieState.Store;

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

    public SessionWriter(
        SessionFormats formats,
        SessionLifetime lifetime,
        SessionBudget budget,
        ResponseCookieWriter cookies)
    {
        _formats = formats;
        _lifetime = lifetime;
        _budget = budget;
        _cookies = cookies;
    }

    public SessionFormat Format => _formats.Writer;

    public CookieAttributes GetAttributes(HttpContext context) => _cookies.GetAttributes(context);

    /// <summary>
    /// Seals the session into response cookies and expires the chunks in <paramref name="clientChunks"/> it no longer
    /// needs. Returns the chunks the client holds afterwards. Throws <see cref="CookieStateOverflowException"/>, writing
    /// nothing, when the cookies would break the budget.
    /// </summary>
    public ulong Write(
        HttpContext context, in SessionHeader header, SessionEntries entries, ulong clientChunks, bool replaceEarlierWrites, out int cookieCount, out int size)
    {
        var format = _formats.Writer;
        var attributes = _cookies.GetAttributes(context);
        using var sealedText = format.Seal(header, entries.Values, entries.Size, _lifetime.RefreshAfter(header));
        var plan = _budget.Plan(format, sealedText.Length, attributes.Append.Length);
        _budget.EnsureFits(plan, header, entries);

        Span<char> tag = stackalloc char[ChunkHeader.TagLength];
        if (!plan.Bare)
        {
            format.Sealer.WriteContentTag(sealedText.Span, tag);
        }

        if (replaceEarlierWrites)
        {
            _cookies.RemoveEarlierWrites(context.Response);
        }

        _cookies.Write(context, attributes, sealedText.Span, plan, tag, clientChunks);
        cookieCount = plan.Count;
        size = plan.RequestHeaderLength;
        return plan.Count >= 64 ? ulong.MaxValue : (1UL << plan.Count) - 1;
    }

    /// <summary>Expires the chunks in <paramref name="clientChunks"/> at the client.</summary>
    public void Expire(HttpContext context, ulong clientChunks, bool replaceEarlierWrites)
    {
        if (replaceEarlierWrites)
        {
            _cookies.RemoveEarlierWrites(context.Response);
        }

        _cookies.Expire(context, _cookies.GetAttributes(context), clientChunks);
    }

    /// <summary>Throws when the session as it is now cannot fit its cookies; the check <c>Set</c> runs.</summary>
    public void EnsureFits(HttpContext context, in SessionHeader header, SessionEntries entries, string? changedKey, int changedLength) =>
        _budget.EnsureFits(_formats.Writer, header, entries, _cookies.GetAttributes(context).Append.Length, changedKey, changedLength);

    /// <summary>The cookies the session would take if sealed now, sealing it once to measure; for the inspector only.</summary>
    public (int Count, int Size, int[] Lengths) Measure(HttpContext context, in SessionHeader header, SessionEntries entries)
    {
        var format = _formats.Writer;
        using var sealedText = format.Seal(header, entries.Values, entries.Size, _lifetime.RefreshAfter(header));
        var plan = _budget.Plan(format, sealedText.Length, _cookies.GetAttributes(context).Append.Length);
        var lengths = new int[plan.Count];
        for (var index = 1; index <= plan.Count; index++)
        {
            lengths[index - 1] = plan.HeaderLength(index) + plan.Slice(index).Length;
        }

        return (plan.Count, plan.RequestHeaderLength, lengths);
    }
}
