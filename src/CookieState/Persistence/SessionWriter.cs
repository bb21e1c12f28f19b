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

    public SessionWriter(
        SessionFormats formats,
        SessionLifetime lifetime,
        SessionBudget budget,
        ResponseCookieWriter cookies,
        CookieNames names)
    {
        _names = names;
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
    public PendingCookies Prepare(HttpContext context, in SessionHeader header, SessionEntries entries, ulong requestChunks, out int cookieCount, out int size)
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

        return new PendingCookies(_cookies.PrepareWrite(context, attributes, sealedText.Span, plan, tag, requestChunks));
    }

    /// <summary>
    /// The cookie attributes for a session sealed with <paramref name="header"/>: a persistent session's carry the end of
    /// its validity window (capped by its absolute limit) as <c>Expires</c>/<c>Max-Age</c>, renewed with every re-seal.
    /// </summary>
    public CookieAttributes AttributesFor(HttpContext context, in SessionHeader header) =>
        _cookies.GetAttributes(context, _lifetime.CookieExpiresAt(header), _lifetime.Now);

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
    public void EnsureFits(HttpContext context, in SessionHeader header, SessionEntries entries, string? changedKey, int changedLength) =>
        _budget.EnsureFits(_formats.Writer, header, entries, AttributesFor(context, header).Append.Length, changedKey, changedLength);

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
