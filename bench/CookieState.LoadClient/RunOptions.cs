using System.Net;

namespace CookieState.LoadClient;

/// <summary>One run: a server, a request kind, a state size, how many users and for how long.</summary>
internal sealed record RunOptions(
    Uri Server,
    string Mode,
    int Round,
    RequestKind Kind,
    int StateBytes,
    int Users,
    TimeSpan Warmup,
    TimeSpan Duration,
    int MaxRequests,
    int? ServerPid,
    int? RedisPid,
    string? CsvPath)
{
    public const string Usage = """
        run --url http://127.0.0.1:PORT --kind write|read --state-bytes N [options]
          --users N          simulated users, each with its own cookie jar and session (default 32)
          --warmup S         seconds of requests before measuring (default 5)
          --duration S       seconds measured (default 10, at most 600)
          --max-requests N   stop measuring after N requests even if time remains (default 5000000)
          --server-pid P     server process whose CPU time (utime+stime) is read over the measured window
          --redis-pid P      redis-server process, read likewise
          --mode NAME        label of the server's store in the CSV (default: unnamed)
          --round N          round number in the CSV (default 1)
          --csv FILE         append the result as one CSV row (header written when the file is new)
        """;

    public static RunOptions From(CommandLine line)
    {
        var url = new Uri(line.RequiredString("url"), UriKind.Absolute);

        // Loopback only: this is a load generator, and the only server it may load is the one the script started.
        var loopback = url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
        if (url.Scheme != Uri.UriSchemeHttp || !loopback)
        {
            throw new UsageException($"--url must be http:// on a loopback address, got '{url}'");
        }

        var kind = line.RequiredString("kind") switch
        {
            "write" => RequestKind.Write,
            "read" => RequestKind.Read,
            var other => throw new UsageException($"--kind must be write or read, got '{other}'"),
        };

        var options = new RunOptions(
            url,
            line.String("mode") ?? "unnamed",
            line.Int("round", 1, 1, 1000),
            kind,
            line.Int("state-bytes", 0, 0, 64 * 1024),
            line.Int("users", 32, 1, 1024),
            TimeSpan.FromSeconds(line.Seconds("warmup", 5, 0, 60)),
            TimeSpan.FromSeconds(line.Seconds("duration", 10, 0.1, 600)),
            line.Int("max-requests", 5_000_000, 1, 50_000_000),
            line.String("server-pid") is null ? null : line.Int("server-pid", 0, 1, int.MaxValue),
            line.String("redis-pid") is null ? null : line.Int("redis-pid", 0, 1, int.MaxValue),
            line.String("csv"));
        line.RejectUnknown();
        return options;
    }
}
