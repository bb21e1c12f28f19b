namespace CookieState.LoadClient;

/// <summary>Reads every run's row, checks that each cell was measured and answered right, writes the table and the chart.</summary>
internal static class ReportCommand
{
    public const string TableFile = "results.md";
    public const string ChartFile = "requests-per-second.svg";

    public static int Execute(CommandLine line)
    {
        var options = ReportOptions.From(line);
        var rows = Read(options.CsvPath);
        if (rows.Count == 0)
        {
            Console.Error.WriteLine($"error: {options.CsvPath} holds no runs");
            return 1;
        }

        var cells = rows
            .GroupBy(r => (r.Mode, r.Kind, r.StateBytes))
            .Select(g => new CellSummary(g.OrderBy(r => r.Round).ToArray()))
            .ToArray();
        var problems = Check(rows, cells);

        Directory.CreateDirectory(options.OutputDirectory);
        var table = Path.Combine(options.OutputDirectory, TableFile);
        var chart = Path.Combine(options.OutputDirectory, ChartFile);
        File.WriteAllText(table, MarkdownReport.Write(cells, options.Notes, problems, ChartFile));
        File.WriteAllText(chart, BarChart.Write(cells));
        Console.WriteLine($"wrote {table} and {chart}");

        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"error: {problem}");
        }

        return problems.Count == 0 ? 0 : 1;
    }

    private static List<RunResult> Read(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        if (lines.Length == 0)
        {
            return [];
        }

        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => RunResult.Parse(header, l)).ToList();
    }

    /// <summary>What makes the figures meaningless: a missing cell, a cell with no successful request, a wrong answer.</summary>
    private static List<string> Check(List<RunResult> rows, CellSummary[] cells)
    {
        var problems = new List<string>();
        foreach (var row in rows)
        {
            var where = $"round {row.Round}, {row.Mode} {row.Kind.ToString().ToLowerInvariant()} {ModeCatalog.StateLabel(row.StateBytes)}";
            if (row.Requests == 0)
            {
                problems.Add($"{where}: no successful request");
            }

            if (row.Mismatched > 0)
            {
                problems.Add($"{where}: {row.Mismatched} answers showed a lost or wrong session");
            }
        }

        var modes = cells.Select(c => c.Mode).Distinct().ToArray();
        var kinds = cells.Select(c => c.Kind).Distinct().ToArray();
        var sizes = cells.Select(c => c.StateBytes).Distinct().ToArray();
        var rounds = rows.Select(r => r.Round).Distinct().ToArray();
        foreach (var mode in modes)
        {
            foreach (var kind in kinds)
            {
                foreach (var size in sizes)
                {
                    var count = rows.Count(r => r.Mode == mode && r.Kind == kind && r.StateBytes == size);
                    if (count != rounds.Length)
                    {
                        problems.Add($"{mode} {kind.ToString().ToLowerInvariant()} {ModeCatalog.StateLabel(size)}: {count} of {rounds.Length} rounds");
                    }
                }
            }
        }

        return problems;
    }
}
