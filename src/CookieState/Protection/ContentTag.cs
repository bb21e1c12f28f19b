namespace CookieState.Protection;

/// <summary>Chunk tags taken from the end of sealed text, where AEAD formats keep their authentication tag.</summary>
internal static class ContentTag
{
    public static void FromEnd(ReadOnlySpan<char> sealedText, Span<char> tag)
    {
        if (sealedText.Length < tag.Length)
        {
            // '*' never appears in a chunk header's tag (base64url), so no chunk set can match.
            tag.Fill('*');
            return;
        }

        sealedText[^tag.Length..].CopyTo(tag);
    }
}
