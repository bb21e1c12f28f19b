namespace CookieState.Aot.App;

/// <summary>Which nodes, on which runtime, served this session, in order.</summary>
/// <param name="Trail">One "node/runtime" entry per visit.</param>
internal sealed record Visits(List<string> Trail);
