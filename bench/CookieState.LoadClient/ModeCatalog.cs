namespace CookieState.LoadClient;

/// <summary>How the modes bench/load.sh runs are named and drawn, in table order; unknown modes follow in grey.</summary>
internal static class ModeCatalog
{
    public const string CookieState = "cookiestate";
    public const string InMemory = "inmemory";
    public const string Redis = "redis";

    private static readonly (string Mode, string Name, string Color)[] Known =
    [
        (CookieState, "CookieState", "#2b6cb0"),
        ("cookiestate-dp", "CookieState, Data Protection format", "#90cdf4"),
        (InMemory, "built-in session, in-memory cache", "#dd6b20"),
        (Redis, "built-in session, Redis", "#c53030"),
        ("cookiestate-replica", "CookieState, revocation on (Redis replica)", "#2f855a"),
    ];

    public static string Name(string mode) => Array.Find(Known, k => k.Mode == mode).Name ?? mode;

    public static string Color(string mode) => Array.Find(Known, k => k.Mode == mode).Color ?? "#718096";

    public static int Order(string mode)
    {
        var index = Array.FindIndex(Known, k => k.Mode == mode);
        return index >= 0 ? index : Known.Length;
    }

    public static string StateLabel(int bytes) => bytes switch
    {
        0 => "0 B",
        _ when bytes % 1024 == 0 => $"{bytes / 1024} KB",
        _ => $"{bytes} B",
    };
}
