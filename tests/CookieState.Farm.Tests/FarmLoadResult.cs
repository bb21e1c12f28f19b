namespace CookieState.Farm.Tests;

/// <summary>What a load run observed.</summary>
public sealed record FarmLoadResult(
    int Users,
    int Increments,
    int LostUpdates,
    int BrokenSessions,
    int FailedRequests,
    IReadOnlyDictionary<string, int> RequestsPerNode,
    IReadOnlyList<string> FinalSessionCookies)
{
    public override string ToString() =>
        $"{Users} users, {Increments} confirmed increments, {LostUpdates} lost updates, {BrokenSessions} broken sessions, " +
        $"{FailedRequests} failed requests; served by {string.Join(", ", RequestsPerNode.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))}";
}
