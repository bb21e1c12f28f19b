namespace CookieState.Protection;

/// <summary>The cleartext refresh hint some formats carry: when a session is due for re-issue, in whole Unix seconds.</summary>
internal static class RefreshHint
{
    // Rounded down, so that the hint says "due" whenever the sealed time does: rounded up, an untouched request in the
    // last fraction of a second before it would skip a refresh that was due, and the session would end that fraction
    // short of the idle guarantee. A hint that says "due" a fraction early costs one open; the sealed time decides.
    public static uint FromTime(DateTimeOffset refreshAfter) =>
        (uint)Math.Clamp(refreshAfter.ToUnixTimeSeconds(), 0, uint.MaxValue);
}
