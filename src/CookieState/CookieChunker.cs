using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace CookieState;

/// <summary>
/// Splits sealed text across cookies and joins it back. The first cookie is <c>{name}</c> with <c>{count}.{tag}.{data}</c>;
/// the others are <c>{name}C{i}</c> with <c>{i}.{tag}.{data}</c>. The tag is the first 48 bits of the SHA-256 of the whole
/// sealed text: sealing is randomized, so chunks from different writes never join, and a changed, cut or extended chunk
/// (or a changed tag) is caught before any cryptography runs. Data outside base64url and '.' is malformed. Numbers have
/// no leading zeros, so every state has exactly one cookie encoding.
/// </summary>
internal sealed class CookieChunker
{
    private const int TagLength = 8;
    private const string ChunkSuffix = "C";

    // What any sealed text is made of: base64url, and '.' for formats (such as JOSE) that join base64url parts.
    private static readonly System.Buffers.SearchValues<char> SealedTextChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    public static string ChunkName(string name, int index) =>
        index == 1 ? name : string.Concat(name, ChunkSuffix, index.ToString(CultureInfo.InvariantCulture));

    /// <summary>Whether <paramref name="cookieName"/> is the main cookie or looks like one of its chunks.</summary>
    public static bool IsOwnCookie(string cookieName, string name)
    {
        if (!cookieName.StartsWith(name, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = cookieName.AsSpan(name.Length);
        return rest.IsEmpty || (rest.Length > 1 && rest[0] == 'C' && !rest[1..].ContainsAnyExceptInRange('0', '9'));
    }

    /// <summary>Reads the chunk set. Sizes and counts are checked before anything is joined.</summary>
    public static ChunkReadResult Read(IRequestCookieCollection cookies, string name, int maxChunkCount, int maxCookieSize)
    {
        List<RequestCookie>? present = null;
        var totalSize = 0;
        foreach (var (cookieName, value) in cookies)
        {
            if (IsOwnCookie(cookieName, name))
            {
                present ??= [];
                present.Add(new RequestCookie(cookieName, value));
                totalSize += (present.Count > 1 ? 2 : 0) + cookieName.Length + 1 + value.Length;
            }
        }

        if (present is null)
        {
            return ChunkReadResult.None;
        }

        if (present.Count > maxChunkCount || totalSize > maxCookieSize)
        {
            return ChunkReadResult.Fail(CookieStateRejectionReason.Oversized, present, totalSize);
        }

        if (!cookies.TryGetValue(name, out var main) || main is null)
        {
            return ChunkReadResult.Fail(CookieStateRejectionReason.ChunkMismatch, present, totalSize);
        }

        if (!TryParseChunk(main, out var count, out var tag, out var firstData))
        {
            return ChunkReadResult.Fail(CookieStateRejectionReason.Malformed, present, totalSize);
        }

        if (count < 1 || count > maxChunkCount)
        {
            return ChunkReadResult.Fail(count < 1 ? CookieStateRejectionReason.Malformed : CookieStateRejectionReason.Oversized, present, totalSize);
        }

        if (count != present.Count)
        {
            return ChunkReadResult.Fail(CookieStateRejectionReason.ChunkMismatch, present, totalSize);
        }

        if (count == 1)
        {
            var text = firstData.ToString();
            return Verify(text, tag) is { } textFailure
                ? ChunkReadResult.Fail(textFailure, present, totalSize)
                : ChunkReadResult.Success(text, present, totalSize);
        }

        var joined = new System.Text.StringBuilder(totalSize);
        joined.Append(firstData);
        for (var i = 2; i <= count; i++)
        {
            if (!cookies.TryGetValue(ChunkName(name, i), out var chunk) || chunk is null
                || !TryParseChunk(chunk, out var index, out var chunkTag, out var data)
                || index != i || !chunkTag.SequenceEqual(tag))
            {
                return ChunkReadResult.Fail(CookieStateRejectionReason.ChunkMismatch, present, totalSize);
            }

            joined.Append(data);
        }

        var sealedText = joined.ToString();
        return Verify(sealedText, tag) is { } failure
            ? ChunkReadResult.Fail(failure, present, totalSize)
            : ChunkReadResult.Success(sealedText, present, totalSize);
    }

    /// <summary>Splits <paramref name="sealedText"/> so that every whole Set-Cookie value stays within <paramref name="chunkSize"/>.</summary>
    public static List<RequestCookie> Split(string sealedText, string name, int attributesLength, int chunkSize)
    {
        var plan = Plan(sealedText.Length, name, attributesLength, chunkSize);
        var tag = ContentTag(sealedText);
        var chunks = new List<RequestCookie>(plan.Count);
        var offset = 0;
        for (var i = 0; i < plan.Count; i++)
        {
            var number = i == 0 ? plan.Count : i + 1;
            var header = string.Concat(number.ToString(CultureInfo.InvariantCulture), ".", tag, ".");
            var value = string.Concat(header.AsSpan(), sealedText.AsSpan(offset, plan[i]));
            chunks.Add(new RequestCookie(ChunkName(name, i + 1), value));
            offset += plan[i];
        }

        return chunks;
    }

    /// <summary>The length the <c>Cookie</c> header would spend on sealed text of the given length, without building it.</summary>
    public static int MeasureRequestHeaderLength(int sealedLength, string name, int attributesLength, int chunkSize, out int chunkCount)
    {
        var plan = Plan(sealedLength, name, attributesLength, chunkSize);
        chunkCount = plan.Count;
        var length = sealedLength;
        for (var i = 0; i < plan.Count; i++)
        {
            var number = i == 0 ? plan.Count : i + 1;
            length += (i > 0 ? 2 : 0) + ChunkName(name, i + 1).Length + 1 + DigitCount(number) + 1 + TagLength + 1;
        }

        return length;
    }

    /// <summary>The length of a Set-Cookie value's attributes (everything but the name and the value) under these options.</summary>
    public static int GetAttributesLength(CookieOptions cookieOptions) =>
        cookieOptions.CreateCookieHeader("x", string.Empty).ToString().Length - 1;

    /// <summary>The length the <c>Cookie</c> request header spends on these cookies, separators included.</summary>
    public static int GetRequestHeaderLength(IReadOnlyList<RequestCookie> cookies)
    {
        var length = 0;
        for (var i = 0; i < cookies.Count; i++)
        {
            length += (i > 0 ? 2 : 0) + cookies[i].Name.Length + 1 + cookies[i].Value.Length;
        }

        return length;
    }

    /// <summary>How many characters of sealed text each chunk takes.</summary>
    private static List<int> Plan(int sealedLength, string name, int attributesLength, int chunkSize)
    {
        // The first chunk carries the count, whose digits shrink its room: retry with more digits until the guess holds.
        for (var countDigits = 1; ; countDigits++)
        {
            var takes = new List<int>();
            var offset = 0;
            for (var index = 1; offset < sealedLength || index == 1; index++)
            {
                var numberDigits = index == 1 ? countDigits : DigitCount(index);
                var capacity = chunkSize - attributesLength - ChunkName(name, index).Length - numberDigits - 1 - TagLength - 1;
                if (capacity < 16)
                {
                    throw new InvalidOperationException(
                        $"CookieStateOptions.ChunkSize ({chunkSize}) leaves no room for data after the cookie name and attributes.");
                }

                var take = Math.Min(capacity, sealedLength - offset);
                takes.Add(take);
                offset += take;
            }

            if (DigitCount(takes.Count) <= countDigits)
            {
                return takes;
            }
        }
    }

    /// <summary>The tag of a sealed text: 8 base64url characters of its SHA-256.</summary>
    internal static string ContentTag(string sealedText)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(sealedText), hash);
        return System.Buffers.Text.Base64Url.EncodeToString(hash[..6]);
    }

    /// <summary>Format first (only base64url and '.'), then integrity (the tag is the content's).</summary>
    private static CookieStateRejectionReason? Verify(string sealedText, ReadOnlySpan<char> tag)
    {
        if (sealedText.AsSpan().ContainsAnyExcept(SealedTextChars))
        {
            return CookieStateRejectionReason.Malformed;
        }

        var matches = CryptographicOperations.FixedTimeEquals(
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(ContentTag(sealedText).AsSpan()),
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(tag));
        return matches ? null : CookieStateRejectionReason.Tampered;
    }

    private static int DigitCount(int value) => value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : value.ToString(CultureInfo.InvariantCulture).Length;

    private static bool TryParseChunk(string value, out int number, out ReadOnlySpan<char> tag, out ReadOnlySpan<char> data)
    {
        number = 0;
        tag = default;
        data = default;
        var span = value.AsSpan();
        var firstDot = span.IndexOf('.');

        // At most four digits, no leading zero: a claimed count is never trusted beyond what fits the configured limits anyway.
        if (firstDot < 1 || firstDot > 4 || span[0] == '0' || span[..firstDot].ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        number = int.Parse(span[..firstDot], CultureInfo.InvariantCulture);
        span = span[(firstDot + 1)..];
        if (span.Length < TagLength + 1 || span[TagLength] != '.')
        {
            return false;
        }

        tag = span[..TagLength];
        data = span[(TagLength + 1)..];
        return true;
    }
}
