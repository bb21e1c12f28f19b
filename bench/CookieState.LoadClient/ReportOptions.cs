namespace CookieState.LoadClient;

/// <summary>Where the raw rows are, where the table and chart go, and lines that describe the run.</summary>
internal sealed record ReportOptions(string CsvPath, string OutputDirectory, IReadOnlyList<string> Notes)
{
    public const string Usage = """
        report --csv FILE --out DIR [--note TEXT]...
          writes DIR/results.md (medians over rounds, ratios, details) and DIR/requests-per-second.svg;
          exits 1 when a cell is missing, measured no successful request, or saw a wrong answer
        """;

    public static ReportOptions From(CommandLine line)
    {
        var options = new ReportOptions(line.RequiredString("csv"), line.RequiredString("out"), line.All("note"));
        line.RejectUnknown();
        return options;
    }
}
