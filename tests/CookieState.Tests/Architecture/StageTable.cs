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
        "",                          // public vocabulary: enums, exceptions, names, the inspector's snapshot
        "Diagnostics",               // event ids, metrics, category names: a leaf that takes plain values
        "Cookies",                   // the transport: raw header → chunks → text, and text → Set-Cookie lines
        "Configuration",             // every options type, its binder, validator and events
        "Serialization",             // plaintext: state ↔ bytes, entries, compression, pooled buffers
        "Lifetime",                  // time rules over the sealed header
        "KeyPickup",                 // Data Protection keys created by other nodes since the ring was cached
        "Protection",                // sealing seam and formats: bytes ↔ sealed text
        "Protection/DataProtection",
        "Protection/Envelope",
        "Persistence",               // reader and writer: the pipeline's two halves, and the budget
        "Revocation",
        "Revocation/Replica",        // every live revocation in memory, following a durable log
        "Migration",
        "Session",                   // the ISession and the middleware that puts it on the request
        "HealthChecks",
        "Hosting",                   // AddCookieState…, UseCookieState, ISession extensions, start-up checks
    ];
}
