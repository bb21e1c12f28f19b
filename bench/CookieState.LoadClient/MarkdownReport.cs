using System.Globalization;
using System.Text;

namespace CookieState.LoadClient;

/// <summary>The results page: requests/s per store, CookieState's ratios to the built-in session, and every figure per cell.</summary>
internal static class MarkdownReport
{
    // The goals of issue 11 over HTTP, as (request, state) → (minimum ÷ in-memory, minimum ÷ Redis).
    private static readonly Dictionary<(RequestKind, int), (double? InMemory, double? Redis)> Targets = new()
    {
        [(RequestKind.Write, 1024)] = (0.95, 2.0),
        [(RequestKind.Read, 1024)] = (1.0, null),
        [(RequestKind.Write, 4096)] = (0.7, 1.5),
    };

    public static string Write(IReadOnlyList<CellSummary> cells, IReadOnlyList<string> notes, IReadOnlyList<string> problems, string chartFile)
    {
        var modes = cells.Select(c => c.Mode).Distinct().OrderBy(ModeCatalog.Order).ThenBy(m => m, StringComparer.Ordinal).ToArray();
        var rows = Rows(cells);
        var rounds = cells.Max(c => c.Rounds.Count);
        var text = new StringBuilder();
        text.AppendLine("# Session stores over HTTP").AppendLine();
        if (problems.Count > 0)
        {
            text.AppendLine("**Not a valid measurement:**").AppendLine();
            foreach (var problem in problems)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"* {problem}");
            }

            text.AppendLine();
        }

        foreach (var note in notes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"* {note}");
        }

        text.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"![Requests per second by store and state size]({chartFile})")
            .AppendLine();

        text.AppendLine(rounds == 1
            ? "## Requests per second (one round)"
            : string.Create(CultureInfo.InvariantCulture, $"## Requests per second (median of {rounds} rounds, lowest–highest round)")).AppendLine();
        text.Append("| request | state |");
        foreach (var mode in modes)
        {
            text.Append(CultureInfo.InvariantCulture, $" {ModeCatalog.Name(mode)} |");
        }

        text.AppendLine().Append("| --- | --- |").AppendLine(string.Concat(modes.Select(_ => " ---: |")));
        foreach (var (kind, size) in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {Kind(kind)} | {ModeCatalog.StateLabel(size)} |");
            foreach (var mode in modes)
            {
                var cell = Find(cells, mode, kind, size);
                text.Append(cell switch
                {
                    null => " – |",
                    { Rounds.Count: 1 } => string.Create(CultureInfo.InvariantCulture, $" {cell.RequestsPerSecond:N0} |"),
                    _ => string.Create(CultureInfo.InvariantCulture, $" {cell.RequestsPerSecond:N0} ({cell.MinRequestsPerSecond:N0}–{cell.MaxRequestsPerSecond:N0}) |"),
                });
            }

            text.AppendLine();
        }

        text.AppendLine();
        WriteRatios(text, cells, rows);
        WriteDetails(text, cells, modes, rows);
        return text.ToString();
    }

    private static void WriteRatios(StringBuilder text, IReadOnlyList<CellSummary> cells, (RequestKind Kind, int Size)[] rows)
    {
        text.AppendLine("## CookieState against the built-in session").AppendLine()
            .AppendLine("Requests/s: CookieState's median ÷ the other store's median, with the lowest and highest of the same ratio")
            .AppendLine("taken within each round (the stores of one round ran minutes apart at most). Server CPU: the other store's")
            .AppendLine("node CPU time per request ÷ CookieState's (redis-server's own CPU left out, as it runs on another machine in a")
            .AppendLine("farm). Above 1 favours CookieState in both.").AppendLine()
            .AppendLine("| request | state | req/s ÷ in-memory | req/s ÷ Redis | server CPU, in-memory ÷ CookieState | server CPU, Redis ÷ CookieState | target (req/s) |")
            .AppendLine("| --- | --- | ---: | ---: | ---: | ---: | --- |");
        foreach (var (kind, size) in rows)
        {
            var ours = Find(cells, ModeCatalog.CookieState, kind, size);
            var inMemory = Find(cells, ModeCatalog.InMemory, kind, size);
            var redis = Find(cells, ModeCatalog.Redis, kind, size);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {Kind(kind)} | {ModeCatalog.StateLabel(size)} | {Throughput(ours, inMemory)} | {Throughput(ours, redis)} | {Cpu(ours, inMemory)} | {Cpu(ours, redis)} | {Target(kind, size, ours, inMemory, redis)} |");
        }

        text.AppendLine();
    }

    private static void WriteDetails(StringBuilder text, IReadOnlyList<CellSummary> cells, string[] modes, (RequestKind Kind, int Size)[] rows)
    {
        text.AppendLine(cells.Max(c => c.Rounds.Count) == 1 ? "## Every figure" : "## Every figure (medians over rounds)").AppendLine()
            .AppendLine("Latency from the client, request sent to response read. CPU per 1,000 requests from /proc/PID/stat over the")
            .AppendLine("measured window. Header bytes are the request's `Cookie` line and the response's `Set-Cookie` lines as sent,")
            .AppendLine("per request. Busy: CPU time over wall time, in cores; a side near the cores it was given was the bottleneck,")
            .AppendLine("and where that is the client, compare the stores by server CPU per request rather than by requests/s.")
            .AppendLine("Errors: failed requests plus wrong answers, summed over rounds.").AppendLine()
            .AppendLine("| store | request | state | req/s | p50 ms | p99 ms | server CPU ms / 1k req | redis CPU ms / 1k req | client CPU ms / 1k req | server busy | client busy | Cookie B / req | Set-Cookie B / req | errors |")
            .AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (kind, size) in rows)
        {
            foreach (var mode in modes)
            {
                if (Find(cells, mode, kind, size) is not { } c)
                {
                    continue;
                }

                text.AppendLine(CultureInfo.InvariantCulture, $"| {ModeCatalog.Name(mode)} | {Kind(kind)} | {ModeCatalog.StateLabel(size)} | {c.RequestsPerSecond:N0} | {c.P50Ms:F2} | {c.P99Ms:F2} | {Optional(c.ServerCpuMsPer1K)} | {Optional(c.RedisCpuMsPer1K)} | {c.ClientCpuMsPer1K:F0} | {Busy(c.ServerCpuMsPer1K, c.RequestsPerSecond)} | {Busy(c.ClientCpuMsPer1K, c.RequestsPerSecond)} | {c.CookieBytes:N0} | {c.SetCookieBytes:N0} | {c.Errors} |");
            }
        }
    }

    private static (RequestKind Kind, int Size)[] Rows(IReadOnlyList<CellSummary> cells) =>
        cells.Select(c => (c.Kind, Size: c.StateBytes)).Distinct().OrderBy(r => r.Kind).ThenBy(r => r.Size).ToArray();

    private static CellSummary? Find(IReadOnlyList<CellSummary> cells, string mode, RequestKind kind, int size) =>
        cells.FirstOrDefault(c => c.Mode == mode && c.Kind == kind && c.StateBytes == size);

    private static string Kind(RequestKind kind) => kind.ToString().ToLowerInvariant();

    private static string Optional(double? value) => value is { } v ? v.ToString("F0", CultureInfo.InvariantCulture) : "–";

    /// <summary>Cores kept busy: CPU milliseconds per 1,000 requests × requests per second ÷ 1,000,000.</summary>
    private static string Busy(double? cpuMsPer1K, double requestsPerSecond) =>
        cpuMsPer1K is { } cpu ? (cpu * requestsPerSecond / 1_000_000).ToString("F2", CultureInfo.InvariantCulture) : "–";

    private static string Throughput(CellSummary? ours, CellSummary? other)
    {
        if (ours is null || other is null)
        {
            return "–";
        }

        var perRound = ours.Rounds
            .Join(other.Rounds, r => r.Round, r => r.Round, (a, b) => a.RequestsPerSecond / b.RequestsPerSecond)
            .ToArray();
        var ratio = ours.RequestsPerSecond / other.RequestsPerSecond;
        return perRound.Length > 1
            ? string.Create(CultureInfo.InvariantCulture, $"{ratio:F2}× ({perRound.Min():F2}–{perRound.Max():F2})")
            : string.Create(CultureInfo.InvariantCulture, $"{ratio:F2}×");
    }

    private static string Cpu(CellSummary? ours, CellSummary? other) =>
        ours?.ServerCpuMsPer1K is > 0 and var mine && other?.ServerCpuMsPer1K is { } theirs
            ? string.Create(CultureInfo.InvariantCulture, $"{theirs / mine:F2}×")
            : "–";

    private static string Target(RequestKind kind, int size, CellSummary? ours, CellSummary? inMemory, CellSummary? redis)
    {
        if (!Targets.TryGetValue((kind, size), out var target))
        {
            return string.Empty;
        }

        var parts = new List<string>();
        if (target.InMemory is { } m)
        {
            parts.Add(Goal("in-memory", m, ours, inMemory));
        }

        if (target.Redis is { } r)
        {
            parts.Add(Goal("Redis", r, ours, redis));
        }

        return string.Join("; ", parts);
    }

    private static string Goal(string name, double minimum, CellSummary? ours, CellSummary? other)
    {
        var goal = string.Create(CultureInfo.InvariantCulture, $"≥ {minimum:0.0#}× {name}");
        return ours is null || other is null
            ? goal
            : goal + (ours.RequestsPerSecond / other.RequestsPerSecond >= minimum ? " (met)" : " (missed)");
    }
}
