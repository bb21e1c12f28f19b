using System.Text;

namespace CookieState.Tests.Architecture;

/// <summary>The one-way rule over stage-to-stage edges, and the report of the folder graph; pure, so it is tested alone.</summary>
internal static class StageRule
{
    /// <summary>Every edge from a stage to one listed after it, sorted and de-duplicated.</summary>
    public static IReadOnlyList<TypeEdge> BackEdges(IReadOnlyList<string> bottomUp, IEnumerable<TypeEdge> edges)
    {
        var rank = Rank(bottomUp);
        return Sorted(edges.Where(edge => rank[edge.ToStage] > rank[edge.FromStage]));
    }

    /// <summary>The groups of stages that reach one another (strongly connected components of more than one stage).</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Cycles(IEnumerable<TypeEdge> edges)
    {
        var next = edges
            .Where(edge => edge.FromStage != edge.ToStage)
            .GroupBy(edge => edge.FromStage, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(edge => edge.ToStage).Distinct().ToList(), StringComparer.Ordinal);

        // Tarjan's algorithm: the graph has a score of nodes, so recursion is fine.
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<IReadOnlyList<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var target in next.GetValueOrDefault(node) ?? [])
            {
                if (!index.ContainsKey(target))
                {
                    Visit(target);
                    low[node] = Math.Min(low[node], low[target]);
                }
                else if (onStack.Contains(target))
                {
                    low[node] = Math.Min(low[node], index[target]);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);

                if (component.Count > 1)
                {
                    component.Sort(StringComparer.Ordinal);
                    cycles.Add(component);
                }
            }
        }

        foreach (var node in next.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return cycles.OrderBy(cycle => cycle[0], StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The folder graph: each stage-to-stage edge with how many type pairs make it and one example, marked BACK when it
    /// breaks the order and CYCLE when its two stages reach each other; then the back edges type by type.
    /// </summary>
    public static string Report(IReadOnlyList<string> bottomUp, IReadOnlyCollection<TypeEdge> edges)
    {
        var rank = Rank(bottomUp);
        var cycles = Cycles(edges);
        var cycleOf = cycles.SelectMany((cycle, i) => cycle.Select(stage => (stage, i))).ToDictionary(p => p.stage, p => p.i, StringComparer.Ordinal);
        var report = new StringBuilder();
        report.AppendLine("Stages, bottom up: " + string.Join(" < ", bottomUp.Select(TypeEdge.Display)));

        var folderEdges = edges
            .GroupBy(edge => (edge.FromStage, edge.ToStage))
            .OrderBy(group => rank[group.Key.FromStage]).ThenBy(group => rank[group.Key.ToStage])
            .ToList();
        report.AppendLine($"Folder edges ({folderEdges.Count}; type pairs in brackets, one example each):");
        foreach (var group in folderEdges)
        {
            var (from, to) = group.Key;
            var pairs = Sorted(group);
            var back = rank[to] > rank[from] ? "  BACK" : "";
            var cycle = cycleOf.TryGetValue(from, out var c) && cycleOf.TryGetValue(to, out var d) && c == d ? "  CYCLE" : "";
            report.AppendLine($"  {TypeEdge.Display(from)} → {TypeEdge.Display(to)} [{pairs.Count}] e.g. {pairs[0].FromType} → {pairs[0].ToType}{back}{cycle}");
        }

        report.AppendLine($"Cycles ({cycles.Count}):");
        foreach (var cycle in cycles)
        {
            report.AppendLine("  { " + string.Join(", ", cycle.Select(TypeEdge.Display)) + " }");
        }

        var backEdges = BackEdges(bottomUp, edges);
        report.AppendLine($"Back edges, type by type ({backEdges.Count}):");
        foreach (var edge in backEdges)
        {
            report.AppendLine("  " + edge);
        }

        return report.ToString();
    }

    private static Dictionary<string, int> Rank(IReadOnlyList<string> bottomUp) =>
        bottomUp.Select((stage, i) => (stage, i)).ToDictionary(p => p.stage, p => p.i, StringComparer.Ordinal);

    private static List<TypeEdge> Sorted(IEnumerable<TypeEdge> edges) =>
        edges.Distinct().OrderBy(edge => edge.ToString(), StringComparer.Ordinal).ToList();
}
