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
    /// <summary>Failed requests by status code, or "no answer" / "timeout".</summary>
    public IReadOnlyDictionary<string, int> FailuresByKind { get; init; } = new Dictionary<string, int>();

    /// <summary>Session cookies set, by the node that set them and the format they were sealed in.</summary>
    public IReadOnlyDictionary<(string Node, string Format), int> CookiesWritten { get; init; } = new Dictionary<(string Node, string Format), int>();

    /// <summary>Users whose session cookie was sealed in more than one format during the run.</summary>
    public int SessionsWrittenInSeveralFormats { get; init; }

    /// <summary>The formats <paramref name="node"/> sealed cookies in.</summary>
    public IReadOnlyList<string> FormatsWrittenBy(string node) =>
        CookiesWritten.Keys.Where(k => k.Node == node).Select(k => k.Format).Distinct().Order(StringComparer.Ordinal).ToArray();

    public override string ToString()
    {
        var line = $"{Users} users, {Increments} confirmed increments, {LostUpdates} lost updates, {BrokenSessions} broken sessions, " +
            $"{FailedRequests} failed requests";
        if (FailuresByKind.Count > 0)
        {
            line += $" ({string.Join(", ", FailuresByKind.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}"))})";
        }

        line += $"; served by {string.Join(", ", RequestsPerNode.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}";
        var formats = CookiesWritten.GroupBy(p => p.Key.Format).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
        if (formats.Length > 1)
        {
            line += $"; cookies written as {string.Join(", ", formats.Select(g => $"{g.Key}={g.Sum(p => p.Value)}"))}, " +
                $"{SessionsWrittenInSeveralFormats} sessions sealed in more than one";
        }

        return line;
    }
}
