namespace CookieState;

/// <summary>Checks that options make sense before the first request rather than failing on it.</summary>
internal static class CookieStateOptionsValidation
{
    public const string Message =
        "Invalid CookieStateOptions: IdleTimeout and AbsoluteTimeout must be positive, RefreshThreshold within 0..1, " +
        "ChunkSize at least 256, MaxCookieSize positive, MaxChunkCount within 1..999, MaxKeyCount positive, " +
        "MaxKeyLength within 1..65535, ResponseBufferLimit positive, Cookie.Name set, Compression a known value, " +
        "MaxDecompressedSize within 1..16 MB, and PaddingBucket within 0..4096.";

    public static bool IsValid(CookieStateOptions options) =>
        options.IdleTimeout > TimeSpan.Zero
        && options.AbsoluteTimeout > TimeSpan.Zero
        && options.RefreshThreshold is >= 0 and <= 1
        && options.ChunkSize >= 256
        && options.MaxCookieSize > 0
        && options.MaxChunkCount is >= 1 and <= 999
        && options.MaxKeyCount > 0
        && options.MaxKeyLength is >= 1 and <= 65535
        && options.ResponseBufferLimit > 0
        && !string.IsNullOrEmpty(options.Cookie.Name)
        && Enum.IsDefined(options.Compression)
        && options.MaxDecompressedSize is > 0 and <= 16 * 1024 * 1024
        && options.PaddingBucket is >= 0 and <= 4096;
}
