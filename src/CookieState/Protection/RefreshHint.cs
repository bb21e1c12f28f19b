namespace CookieState.Protection;

/// <summary>The cleartext refresh hint some formats carry: when a session is due for re-issue, in whole Unix seconds.</summary>
internal static class RefreshHint
{
    // Rounded up, so that a hint that says "due" never comes before the sealed time does.
    public static uint FromTime(DateTimeOffset refreshAfter) =>
        (uint)Math.Clamp((refreshAfter.ToUnixTimeMilliseconds() + 999) / 1000, 0, uint.MaxValue);
}
