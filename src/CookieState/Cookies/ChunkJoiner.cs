using System.Buffers;

namespace CookieState.Cookies;

/// <summary>
/// Joins the chunks of a request into sealed text, checking everything the transport can check: chunk numbers, that
/// exactly chunks 1 … count are present, one tag on all of them, and that the text is made of the characters sealed text
/// is made of. It knows no format: whether the tag is the content's, and which format the text is in, the reader decides.
/// When a name came more than once (cookie tossing), each distinct first cookie makes a candidate of its own, with the
/// chunks that carry its tag; candidates that fail these checks are dropped as junk, and the reader tries the rest.
/// </summary>
internal static class ChunkJoiner
{
    public static JoinedChunks Join(SessionCookieSet set)
    {
        if (set.Rejection is { } rejection)
        {
            return JoinedChunks.Reject(rejection);
        }

        if (set.HasDuplicates)
        {
            return JoinCandidates(set);
        }

        if (!set.Contains(1))
        {
            return set.Present == 0 ? JoinedChunks.None : JoinedChunks.Reject(CookieStateRejectionReason.ChunkMismatch);
        }

        var main = set[1];
        if (main.IsEmpty)
        {
            // A browser that kept an emptied cookie sends it back empty: that is no session, not an attack.
            return set.Present == 1 ? JoinedChunks.None : JoinedChunks.Reject(CookieStateRejectionReason.ChunkMismatch);
        }

        if (!ChunkHeader.IsChunked(main.Span))
        {
            // A bare value: the whole sealed text in the first cookie, alone.
            return set.Present != 1 ? JoinedChunks.Reject(CookieStateRejectionReason.ChunkMismatch)
                : main.Span.ContainsAnyExcept(SealedTextAlphabet.Chars) ? JoinedChunks.Reject(CookieStateRejectionReason.Malformed)
                : JoinedChunks.Single(main, ReadOnlyMemory<char>.Empty);
        }

        return JoinChunks(set);
    }

    /// <summary>
    /// One candidate per distinct first cookie, never chosen by header order: the planter controls path length and creation
    /// time, and so the order. Chunks left over, or carrying another tag, belong to another candidate or to none.
    /// </summary>
    private static JoinedChunks JoinCandidates(SessionCookieSet set)
    {
        var firsts = new ReadOnlyMemory<char>[SessionCookieSet.MaxValuesPerName];
        var count = set.GetValues(1, firsts);
        var joined = JoinedChunks.None;
        foreach (var first in firsts.AsSpan(0, count))
        {
            joined.Absorb(JoinCandidate(set, first));
        }

        joined.Settle();
        return joined;
    }

    private static JoinedChunks JoinCandidate(SessionCookieSet set, ReadOnlyMemory<char> first)
    {
        if (first.IsEmpty)
        {
            return JoinedChunks.None;
        }

        if (!ChunkHeader.IsChunked(first.Span))
        {
            return set.NameLength(1) + 1 + first.Length > set.MaxCookieSize ? JoinedChunks.Reject(CookieStateRejectionReason.Oversized)
                : first.Span.ContainsAnyExcept(SealedTextAlphabet.Chars) ? JoinedChunks.Reject(CookieStateRejectionReason.Malformed)
                : JoinedChunks.Single(first, ReadOnlyMemory<char>.Empty);
        }

        if (!ChunkHeader.TryParse(first.Span, out var count, out var tagSpan, out var firstData) || firstData.IsEmpty)
        {
            return JoinedChunks.Reject(CookieStateRejectionReason.Malformed);
        }

        if (count > set.MaxChunkCount)
        {
            return JoinedChunks.Reject(CookieStateRejectionReason.Oversized);
        }

        var firstStart = first.Length - firstData.Length;
        var tag = first.Slice(firstStart - 1 - ChunkHeader.TagLength, ChunkHeader.TagLength);
        var data = new ReadOnlyMemory<char>[count + 1];
        data[1] = first[firstStart..];
        var length = firstData.Length;
        var size = set.NameLength(1) + 1 + first.Length;
        var values = new ReadOnlyMemory<char>[SessionCookieSet.MaxValuesPerName];
        for (var index = 2; index <= count; index++)
        {
            // Exactly one value of this chunk must carry the candidate's tag: none is a missing chunk, two are ambiguous.
            var found = 0;
            foreach (var value in values.AsSpan(0, set.GetValues(index, values)))
            {
                if (ChunkHeader.TryParse(value.Span, out var number, out var chunkTag, out var chunkData)
                    && number == index && chunkTag.SequenceEqual(tagSpan) && !chunkData.IsEmpty)
                {
                    found++;
                    data[index] = value[(value.Length - chunkData.Length)..];
                    size += 2 + set.NameLength(index) + 1 + value.Length;
                }
            }

            if (found != 1)
            {
                return JoinedChunks.Reject(CookieStateRejectionReason.ChunkMismatch);
            }

            length += data[index].Length;
        }

        if (size > set.MaxCookieSize)
        {
            return JoinedChunks.Reject(CookieStateRejectionReason.Oversized);
        }

        if (count == 1)
        {
            return length < ChunkHeader.TagLength || data[1].Span.ContainsAnyExcept(SealedTextAlphabet.Chars)
                ? JoinedChunks.Reject(CookieStateRejectionReason.Malformed)
                : JoinedChunks.Single(data[1], tag);
        }

        var rented = ArrayPool<char>.Shared.Rent(length);
        var offset = 0;
        for (var index = 1; index <= count; index++)
        {
            data[index].Span.CopyTo(rented.AsSpan(offset));
            offset += data[index].Length;
        }

        return length < ChunkHeader.TagLength || rented.AsSpan(0, length).ContainsAnyExcept(SealedTextAlphabet.Chars)
            ? JoinedChunks.Reject(CookieStateRejectionReason.Malformed, rented)
            : JoinedChunks.Pooled(rented, length, tag);
    }

    private static JoinedChunks JoinChunks(SessionCookieSet set)
    {
        if (!ChunkHeader.TryParse(set[1].Span, out var count, out var tagSpan, out var firstData) || firstData.IsEmpty)
        {
            return JoinedChunks.Reject(CookieStateRejectionReason.Malformed);
        }

        if (count > set.MaxChunkCount)
        {
            return JoinedChunks.Reject(CookieStateRejectionReason.Oversized);
        }

        if (set.Present != (count == 64 ? ulong.MaxValue : (1UL << count) - 1))
        {
            return JoinedChunks.Reject(CookieStateRejectionReason.ChunkMismatch);
        }

        var firstStart = set[1].Length - firstData.Length;
        var tag = set[1].Slice(firstStart - 1 - ChunkHeader.TagLength, ChunkHeader.TagLength);
        var length = firstData.Length;
        var dataStarts = count > 1 ? new int[count + 1] : null;
        for (var index = 2; index <= count; index++)
        {
            if (!ChunkHeader.TryParse(set[index].Span, out var number, out var chunkTag, out var data)
                || number != index || !chunkTag.SequenceEqual(tagSpan) || data.IsEmpty)
            {
                return JoinedChunks.Reject(CookieStateRejectionReason.ChunkMismatch);
            }

            dataStarts![index] = set[index].Length - data.Length;
            length += data.Length;
        }

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

        // Junk characters, or text too short to end in a tag, are malformed whatever the tag says.
        if (sealedText.Length < ChunkHeader.TagLength || sealedText.Span.ContainsAnyExcept(SealedTextAlphabet.Chars))
        {
            return JoinedChunks.Reject(CookieStateRejectionReason.Malformed, rented);
        }

        return rented is null ? JoinedChunks.Single(sealedText, tag) : JoinedChunks.Pooled(rented, length, tag);
    }
}
