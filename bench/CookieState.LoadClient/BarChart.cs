using System.Globalization;
using System.Security;
using System.Text;

namespace CookieState.LoadClient;

/// <summary>
/// A grouped bar chart as plain SVG: one group per request kind and state size, one bar per store (median requests/s),
/// a whisker from the lowest to the highest round. No plotting library: a few rectangles and lines.
/// </summary>
internal static class BarChart
{
    private const int Width = 960;
    private const int Height = 480;
    private const int Left = 72;
    private const int Right = 16;
    private const int Top = 78;
    private const int Bottom = 52;

    public static string Write(IReadOnlyList<CellSummary> cells)
    {
        var modes = cells.Select(c => c.Mode).Distinct().OrderBy(ModeCatalog.Order).ThenBy(m => m, StringComparer.Ordinal).ToArray();
        var groups = cells.Select(c => (c.Kind, c.StateBytes)).Distinct().OrderBy(g => g.Kind).ThenBy(g => g.StateBytes).ToArray();
        var rounds = cells.Max(c => c.Rounds.Count);
        var (axisMax, step) = Axis(cells.Max(c => c.MaxRequestsPerSecond));

        const int plotWidth = Width - Left - Right;
        const int plotHeight = Height - Top - Bottom;
        double Y(double value) => Top + plotHeight - (value / axisMax * plotHeight);

        var svg = new StringBuilder();
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" viewBox="0 0 {Width} {Height}" font-family="Helvetica, Arial, sans-serif" font-size="12">""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<rect width="{Width}" height="{Height}" fill="#ffffff"/>""");
        var subtitle = rounds == 1 ? "one round" : $"median of {rounds} rounds; whiskers: lowest to highest round";
        Text(svg, Left, 22, $"Requests per second by session store and state size ({subtitle})", "start", 15, bold: true);

        // Legend, one row under the title.
        double legendX = Left;
        foreach (var mode in modes)
        {
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<rect x="{legendX:F1}" y="36" width="12" height="12" fill="{ModeCatalog.Color(mode)}"/>""");
            Text(svg, legendX + 17, 46, ModeCatalog.Name(mode), "start", 12);
            legendX += 32 + (ModeCatalog.Name(mode).Length * 6.6);
        }

        // Grid lines and the y axis labels.
        for (var value = 0.0; value <= axisMax + (step / 2); value += step)
        {
            var y = Y(value);
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{Left}" y1="{y:F1}" x2="{Width - Right}" y2="{y:F1}" stroke="#e2e8f0"/>""");
            Text(svg, Left - 6, y + 4, value.ToString("N0", CultureInfo.InvariantCulture), "end", 11);
        }

        Text(svg, 16, Top + (plotHeight / 2.0), "requests/s", "middle", 12, rotate: true);

        var groupWidth = plotWidth / (double)groups.Length;
        var barWidth = groupWidth * 0.8 / modes.Length;
        for (var g = 0; g < groups.Length; g++)
        {
            var (kind, size) = groups[g];
            var groupLeft = Left + (g * groupWidth) + (groupWidth * 0.1);
            for (var m = 0; m < modes.Length; m++)
            {
                var cell = cells.FirstOrDefault(c => c.Mode == modes[m] && c.Kind == kind && c.StateBytes == size);
                if (cell is null)
                {
                    continue;
                }

                var x = groupLeft + (m * barWidth);
                var top = Y(cell.RequestsPerSecond);
                svg.AppendLine(CultureInfo.InvariantCulture, $"""<rect x="{x + 1:F1}" y="{top:F1}" width="{barWidth - 2:F1}" height="{Top + plotHeight - top:F1}" fill="{ModeCatalog.Color(cell.Mode)}"><title>{Escape(ModeCatalog.Name(cell.Mode))}, {kind.ToString().ToLowerInvariant()} {ModeCatalog.StateLabel(size)}: {cell.RequestsPerSecond:N0} req/s</title></rect>""");
                if (cell.Rounds.Count > 1)
                {
                    var middle = x + (barWidth / 2);
                    svg.AppendLine(CultureInfo.InvariantCulture, $"""<path d="M{middle:F1} {Y(cell.MinRequestsPerSecond):F1}V{Y(cell.MaxRequestsPerSecond):F1}M{middle - 4:F1} {Y(cell.MinRequestsPerSecond):F1}h8M{middle - 4:F1} {Y(cell.MaxRequestsPerSecond):F1}h8" stroke="#1a202c" fill="none"/>""");
                }

                Text(svg, x + (barWidth / 2), Math.Min(top, Y(cell.MaxRequestsPerSecond)) - 4, Short(cell.RequestsPerSecond), "middle", 10);
            }

            Text(svg, Left + (g * groupWidth) + (groupWidth / 2), Top + plotHeight + 20, $"{kind.ToString().ToLowerInvariant()}, {ModeCatalog.StateLabel(size)} state", "middle", 12);
        }

        svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{Left}" y1="{Top + plotHeight}" x2="{Width - Right}" y2="{Top + plotHeight}" stroke="#4a5568"/>""");
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    /// <summary>A round axis top above <paramref name="max"/> and a step of 1, 2 or 5 times a power of ten, about 5 to 10 lines.</summary>
    private static (double Max, double Step) Axis(double max)
    {
        if (max <= 0)
        {
            return (1, 1);
        }

        var rough = max * 1.08 / 6;
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = new[] { 1, 2, 5, 10 }.Select(f => f * power).First(s => s >= rough);
        return (Math.Ceiling(max * 1.08 / step) * step, step);
    }

    private static string Short(double value) => value >= 10_000
        ? (value / 1000).ToString("0.#", CultureInfo.InvariantCulture) + "k"
        : value.ToString("N0", CultureInfo.InvariantCulture);

    private static void Text(StringBuilder svg, double x, double y, string text, string anchor, int size, bool bold = false, bool rotate = false)
    {
        var weight = bold ? """ font-weight="bold" """ : " ";
        var transform = rotate ? string.Create(CultureInfo.InvariantCulture, $""" transform="rotate(-90 {x:F1} {y:F1})" """) : " ";
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{x:F1}" y="{y:F1}" text-anchor="{anchor}" font-size="{size}"{weight}{transform}fill="#1a202c">{Escape(text)}</text>""");
    }

    private static string Escape(string text) => SecurityElement.Escape(text);
}
