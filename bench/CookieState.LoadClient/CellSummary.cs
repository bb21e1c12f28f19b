namespace CookieState.LoadClient;

/// <summary>All rounds of one mode × request kind × state size, reduced to medians (and the spread of requests/s).</summary>
internal sealed class CellSummary
{
    public CellSummary(IReadOnlyList<RunResult> rounds)
    {
        Rounds = rounds;
        var first = rounds[0];
        Mode = first.Mode;
        Kind = first.Kind;
        StateBytes = first.StateBytes;
        RequestsPerSecond = Median(rounds.Select(r => r.RequestsPerSecond));
        MinRequestsPerSecond = rounds.Min(r => r.RequestsPerSecond);
        MaxRequestsPerSecond = rounds.Max(r => r.RequestsPerSecond);
        P50Ms = Median(rounds.Select(r => r.P50Ms));
        P99Ms = Median(rounds.Select(r => r.P99Ms));
        ServerCpuMsPer1K = MedianOrNull(rounds.Select(r => r.ServerCpuMsPer1K));
        RedisCpuMsPer1K = MedianOrNull(rounds.Select(r => r.RedisCpuMsPer1K));
        ClientCpuMsPer1K = Median(rounds.Select(r => r.ClientCpuMsPer1K));
        CookieBytes = Median(rounds.Select(r => r.CookieBytesPerRequest));
        SetCookieBytes = Median(rounds.Select(r => r.SetCookieBytesPerRequest));
        Errors = rounds.Sum(r => r.Failed + r.Mismatched);
    }

    public IReadOnlyList<RunResult> Rounds { get; }

    public string Mode { get; }

    public RequestKind Kind { get; }

    public int StateBytes { get; }

    public double RequestsPerSecond { get; }

    public double MinRequestsPerSecond { get; }

    public double MaxRequestsPerSecond { get; }

    public double P50Ms { get; }

    public double P99Ms { get; }

    public double? ServerCpuMsPer1K { get; }

    public double? RedisCpuMsPer1K { get; }

    public double ClientCpuMsPer1K { get; }

    public double CookieBytes { get; }

    public double SetCookieBytes { get; }

    public long Errors { get; }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double? MedianOrNull(IEnumerable<double?> values)
    {
        var present = values.Where(v => v.HasValue).Select(v => v!.Value).ToArray();
        return present.Length == 0 ? null : Median(present);
    }
}
