namespace CookieState.Cookies;

/// <summary>Sets of chunk indexes as bits: bit 0 is chunk 1. At most 64 chunks, as <c>MaxChunkCount</c> allows.</summary>
internal static class ChunkMask
{
    /// <summary>Chunks 1 … <paramref name="count"/>.</summary>
    public static ulong FirstN(int count) => count >= 64 ? ulong.MaxValue : (1UL << count) - 1;

    public static IEnumerable<int> Indexes(ulong chunks)
    {
        for (var index = 1; chunks != 0; index++, chunks >>= 1)
        {
            if ((chunks & 1) != 0)
            {
                yield return index;
            }
        }
    }
}
