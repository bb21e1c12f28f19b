namespace CookieState;

/// <summary>Checks that options make sense before the first request rather than failing on it.</summary>
internal static class CookieStateOptionsValidation
{
    public const string Message =
        "Invalid CookieStateOptions: IdleTimeout and AbsoluteTimeout must be positive, RefreshThreshold within 0..1, " +
        "ChunkSize at least 256, MaxCookieSize positive, MaxChunkCount within 1..999, MaxKeyCount positive, " +
        "MaxKeyLength within 1..65535, ResponseBufferLimit positive, and Cookie.Name set.";

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
        && !string.IsNullOrEmpty(options.Cookie.Name);
}
