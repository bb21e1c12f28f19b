namespace CookieState.Tests.Architecture;

/// <summary>
/// The dependency rule of the core assembly, as data: its stages from the bottom up. A stage is a folder of
/// <c>src/CookieState</c> (<c>""</c> is the files directly in it); a sub-folder may be a stage of its own
/// (<c>Protection/Envelope</c>), otherwise it belongs to its nearest listed ancestor. A type may depend on types of its own
/// stage and of stages listed before it; anything else is a back edge. Renaming or folding a folder means editing this
/// list only: <see cref="FolderGraphTests"/> fails while a folder is missing here or a stage names no folder.
/// </summary>
internal static class StageTable
{
    public static readonly IReadOnlyList<string> BottomUp =
    [
        "",
        "Diagnostics",
        "Cookies",
        "Configuration",
        "Format",
        "KeyPickup",
        "Protection",
        "Protection/DataProtection",
        "Protection/Envelope",
        "Protection/Jose",
        "Lifetime",
        "Store",
        "Revocation",
        "Migration",
        "Session",
        "Middleware",
        "HealthChecks",
        "Http",
        "Builder",
        "DependencyInjection",
    ];
}
