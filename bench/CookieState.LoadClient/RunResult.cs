using System.Globalization;

namespace CookieState.LoadClient;

/// <summary>One run's figures: one CSV row. Times in milliseconds, sizes in bytes, CPU per 1,000 measured requests.</summary>
internal sealed record RunResult(
    int Round,
    string Mode,
    RequestKind Kind,
    int StateBytes,
    int Users,
    double WindowSeconds,
    long Requests,
    long Failed,
    long Mismatched,
    double RequestsPerSecond,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    double CookieBytesPerRequest,
    double SetCookieBytesPerRequest,
    double? ServerCpuMsPer1K,
    double? RedisCpuMsPer1K,
    double ClientCpuMsPer1K,
    string LoadAverage,
    string StartedUtc)
{
    private static readonly string[] Columns =
    [
        "round", "mode", "kind", "state_bytes", "users", "window_s", "requests", "failed", "mismatched", "rps",
        "p50_ms", "p90_ms", "p99_ms", "max_ms", "cookie_bytes_per_req", "set_cookie_bytes_per_req",
        "server_cpu_ms_per_1k", "redis_cpu_ms_per_1k", "client_cpu_ms_per_1k", "load_avg_1m", "started_utc",
    ];

    public static string Header => string.Join(',', Columns);

    public static RunResult Parse(string[] header, string line)
    {
        var fields = line.Split(',');
        if (fields.Length != header.Length)
        {
            throw new FormatException($"CSV row has {fields.Length} fields, header {header.Length}: {line}");
        }

        string Field(string name)
        {
            var index = Array.IndexOf(header, name);
            return index >= 0 ? fields[index] : throw new FormatException($"CSV has no column '{name}'.");
        }

        double Number(string name) => double.Parse(Field(name), CultureInfo.InvariantCulture);
        double? Optional(string name) => Field(name) is { Length: > 0 } text ? double.Parse(text, CultureInfo.InvariantCulture) : null;

        return new RunResult(
            (int)Number("round"),
            Field("mode"),
            Enum.Parse<RequestKind>(Field("kind"), ignoreCase: true),
            (int)Number("state_bytes"),
            (int)Number("users"),
            Number("window_s"),
            (long)Number("requests"),
            (long)Number("failed"),
            (long)Number("mismatched"),
            Number("rps"),
            Number("p50_ms"),
            Number("p90_ms"),
            Number("p99_ms"),
            Number("max_ms"),
            Number("cookie_bytes_per_req"),
            Number("set_cookie_bytes_per_req"),
            Optional("server_cpu_ms_per_1k"),
            Optional("redis_cpu_ms_per_1k"),
            Number("client_cpu_ms_per_1k"),
            Field("load_avg_1m"),
            Field("started_utc"));
    }

    public string ToCsv()
    {
        static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
        static string O(double? value) => value is { } v ? F(v) : string.Empty;
        return string.Join(',', [
            Round.ToString(CultureInfo.InvariantCulture), Mode, Kind.ToString().ToLowerInvariant(),
            StateBytes.ToString(CultureInfo.InvariantCulture), Users.ToString(CultureInfo.InvariantCulture), F(WindowSeconds),
            Requests.ToString(CultureInfo.InvariantCulture), Failed.ToString(CultureInfo.InvariantCulture),
            Mismatched.ToString(CultureInfo.InvariantCulture), F(RequestsPerSecond), F(P50Ms), F(P90Ms), F(P99Ms), F(MaxMs),
            F(CookieBytesPerRequest), F(SetCookieBytesPerRequest), O(ServerCpuMsPer1K), O(RedisCpuMsPer1K),
            F(ClientCpuMsPer1K), LoadAverage, StartedUtc,
        ]);
    }
}
