using CookieState.Cookies;
using CookieState.Persistence;
using CookieState.Protection;
using Microsoft.AspNetCore.Http;

namespace CookieState.Tests.Infrastructure;

/// <summary>The chunking stage on its own: sealed text into cookies with the library's plan, and cookies back into text.</summary>
internal static class Chunks
{
    public static int AttributesLength(CookieOptions options) => CookieAttributes.From(options).Append.Length;

    /// <summary>Splits <paramref name="sealedText"/> as the writer would, with the tag <paramref name="sealer"/> computes.</summary>
    public static List<RequestCookie> Split(string sealedText, CookieNames names, int attributesLength, int chunkSize, IPayloadSealer sealer)
    {
        var plan = ChunkPlan.Create(names, sealedText.Length, sealer.AllowsBareCookie, attributesLength, chunkSize);
        Span<char> tag = stackalloc char[ChunkHeader.TagLength];
        if (!plan.Bare)
        {
            sealer.WriteContentTag(sealedText, tag);
        }

        var cookies = new List<RequestCookie>();
        Span<char> header = stackalloc char[ChunkHeader.TagLength + 6];
        for (var index = 1; index <= plan.Count; index++)
        {
            var (offset, length) = plan.Slice(index);
            var headerLength = plan.Bare ? 0 : ChunkHeader.Write(header, plan.HeaderNumber(index), tag);
            cookies.Add(new RequestCookie(
                index <= names.MaxChunkCount ? names[index] : names.BaseName + "C" + index,
                string.Concat(header[..headerLength], sealedText.AsSpan(offset, length))));
        }

        return cookies;
    }

    /// <summary>The chunk tag of the Data Protection format: 48 bits of the SHA-256 of the text.</summary>
    public static string LegacyTag(string sealedText) =>
        System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(sealedText)).AsSpan(0, 6));

    public static SessionCookieSet Parse(IEnumerable<RequestCookie> cookies, CookieNames names, int maxCookieSize = int.MaxValue) =>
        RequestCookieParser.Parse(RequestCookie.Header(cookies), names, maxCookieSize);

    /// <summary>Joins the cookies and identifies the text as the reader does, before any cryptography.</summary>
    public static (string SealedText, SessionFormat? Format, CookieStateRejectionReason? Rejection) Join(
        IEnumerable<RequestCookie> cookies, CookieNames names, SessionFormats formats, int maxCookieSize = int.MaxValue)
    {
        using var joined = ChunkJoiner.Join(Parse(cookies, names, maxCookieSize));
        if (joined.Rejection is { } rejection)
        {
            return (string.Empty, null, rejection);
        }

        if (joined.Count == 0)
        {
            return (string.Empty, null, null);
        }

        var identified = SessionReader.Identify(joined, formats, out var format, out var text);
        return (text.ToString(), format, identified);
    }
}
