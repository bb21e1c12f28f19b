using System.Buffers;
using System.Security.Cryptography;
using System.Runtime.InteropServices;
using CookieState.Protection;

namespace CookieState.Cookies;

/// <summary>
/// Joins the chunks of a request into sealed text, checking everything that can be checked before cryptography: chunk
/// numbers, that exactly chunks 1 … count are present, one tag on all of them, and that the tag is the content's.
/// </summary>
internal static class ChunkJoiner
{
    // What any sealed text is made of: base64url, and '.' for formats that join base64url parts.
    private static readonly System.Buffers.SearchValues<char> SealedTextChars =
        System.Buffers.SearchValues.Create(Base64UrlText.Letters + ".");

    public static ChunkJoinResult Join(SessionCookieSet set, SessionFormats formats)
    {
        if (set.Failure is { } failure)
        {
            return ChunkJoinResult.Fail(failure);
        }

        if (!set.Contains(1))
        {
            return set.Present == 0 ? ChunkJoinResult.None : ChunkJoinResult.Fail(CookieStateRejectionReason.ChunkMismatch);
        }

        var main = set[1];
        if (main.IsEmpty)
        {
            // A browser that kept an emptied cookie sends it back empty: that is no session, not an attack.
            return set.Present == 1 ? ChunkJoinResult.None : ChunkJoinResult.Fail(CookieStateRejectionReason.ChunkMismatch);
        }

        return ChunkHeader.IsChunked(main.Span) ? JoinChunks(set, formats) : JoinBare(set, formats, main);
    }

    private static ChunkJoinResult JoinBare(SessionCookieSet set, SessionFormats formats, ReadOnlyMemory<char> main)
    {
        if (set.Present != 1)
        {
            return ChunkJoinResult.Fail(CookieStateRejectionReason.ChunkMismatch);
        }

        var format = formats.Find(main.Span);
        return format is { Sealer.AllowsBareCookie: true }
            ? ChunkJoinResult.Success(main, format)
            : ChunkJoinResult.Fail(CookieStateRejectionReason.Malformed);
    }

    private static ChunkJoinResult JoinChunks(SessionCookieSet set, SessionFormats formats)
    {
        if (!ChunkHeader.TryParse(set[1].Span, out var count, out var tag, out var firstData) || firstData.IsEmpty)
        {
            return ChunkJoinResult.Fail(CookieStateRejectionReason.Malformed);
        }

        if (count > set.MaxChunkCount)
        {
            return ChunkJoinResult.Fail(CookieStateRejectionReason.Oversized);
        }

        if (set.Present != (count == 64 ? ulong.MaxValue : (1UL << count) - 1))
        {
            return ChunkJoinResult.Fail(CookieStateRejectionReason.ChunkMismatch);
        }

        var length = firstData.Length;
        var dataStarts = count > 1 ? new int[count + 1] : null;
        for (var index = 2; index <= count; index++)
        {
            if (!ChunkHeader.TryParse(set[index].Span, out var number, out var chunkTag, out var data)
                || number != index || !chunkTag.SequenceEqual(tag) || data.IsEmpty)
            {
                return ChunkJoinResult.Fail(CookieStateRejectionReason.ChunkMismatch);
            }

            dataStarts![index] = set[index].Length - data.Length;
            length += data.Length;
        }

        var firstStart = set[1].Length - firstData.Length;
        char[]? rented = null;
        ReadOnlyMemory<char> sealedText;
        if (count == 1)
        {
            sealedText = set[1][firstStart..];
        }
        else
        {
            rented = ArrayPool<char>.Shared.Rent(length);
            var offset = 0;
            for (var index = 1; index <= count; index++)
            {
                var data = set[index].Span[(index == 1 ? firstStart : dataStarts![index])..];
                data.CopyTo(rented.AsSpan(offset));
                offset += data.Length;
            }

            sealedText = rented.AsMemory(0, length);
        }

        // Format before integrity: junk characters, or text too short to hold a tag, are malformed whatever the tag says.
        var format = sealedText.Length < ChunkHeader.TagLength || sealedText.Span.ContainsAnyExcept(SealedTextChars)
            ? null
            : formats.Find(sealedText.Span);
        if (format is null)
        {
            return ChunkJoinResult.Fail(CookieStateRejectionReason.Malformed, rented);
        }

        Span<char> expected = stackalloc char[ChunkHeader.TagLength];
        format.Sealer.WriteContentTag(sealedText.Span, expected);
        if (!CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(expected), MemoryMarshal.AsBytes(tag)))
        {
            return ChunkJoinResult.Fail(CookieStateRejectionReason.Tampered, rented);
        }

        return rented is null ? ChunkJoinResult.Success(sealedText, format) : ChunkJoinResult.Success(rented, length, format);
    }
}
