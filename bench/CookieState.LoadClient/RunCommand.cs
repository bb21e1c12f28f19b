using System.Diagnostics;
using System.Globalization;

namespace CookieState.LoadClient;

/// <summary>
/// One run: every user sets up its session, all of them request for the warm-up, then for the measured window, whose
/// edges are also where the server's (and redis-server's) CPU time is read.
/// </summary>
internal static class RunCommand
{
    private static readonly TimeSpan SetupLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(15);

    public static async Task<int> ExecuteAsync(CommandLine line)
    {
        var options = RunOptions.From(line);
        using var stop = new CancellationTokenSource();
        var users = Enumerable.Range(0, options.Users).Select(_ => new SimulatedUser(options)).ToArray();
        try
        {
            await Task.WhenAll(users.Select(u => u.SetUpAsync(stop.Token))).WaitAsync(SetupLimit);

            var window = new MeasurementWindow(options.MaxRequests);
            var running = users.Select(u => Task.Run(() => u.RunAsync(window, stop.Token))).ToArray();
            await Task.Delay(options.Warmup);

            var started = DateTime.UtcNow;
            var server = ProcessCpu.Read(options.ServerPid);
            var redis = ProcessCpu.Read(options.RedisPid);
            var client = Process.GetCurrentProcess().TotalProcessorTime;
            var opened = Stopwatch.GetTimestamp();
            window.Open();

            await Task.WhenAny(Task.Delay(options.Duration), window.Full);

            window.Close();
            var elapsed = Stopwatch.GetElapsedTime(opened);
            var serverUsed = ProcessCpu.Read(options.ServerPid) - server;
            var redisUsed = ProcessCpu.Read(options.RedisPid) - redis;
            var clientUsed = Process.GetCurrentProcess().TotalProcessorTime - client;

            // Requests in flight finish (uncounted); a server that stopped answering is cut off.
            try
            {
                await Task.WhenAll(running).WaitAsync(DrainLimit);
            }
            catch (TimeoutException)
            {
                await stop.CancelAsync();
            }

            var result = Summarize(options, users, elapsed, serverUsed, redisUsed, clientUsed, started);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{result.Mode,-16} {result.Kind.ToString().ToLowerInvariant(),-5} {result.StateBytes,5} B  {result.RequestsPerSecond,9:N0} req/s  p50 {result.P50Ms,6:F2} ms  p99 {result.P99Ms,6:F2} ms  server {result.ServerCpuMsPer1K,6:F1} ms/1k  cookie {result.CookieBytesPerRequest,5:F0} B  set-cookie {result.SetCookieBytesPerRequest,5:F0} B  errors {result.Failed + result.Mismatched}"));
            if (options.CsvPath is { } csv)
            {
                var header = File.Exists(csv) ? string.Empty : RunResult.Header + "\n";
                await File.AppendAllTextAsync(csv, header + result.ToCsv() + "\n");
            }

            // Nothing succeeded: the server or the tool is broken, and the run must not look like a figure.
            return result.Requests > 0 ? 0 : 1;
        }
        finally
        {
            foreach (var user in users)
            {
                user.Dispose();
            }
        }
    }

    private static RunResult Summarize(
        RunOptions options,
        SimulatedUser[] users,
        TimeSpan elapsed,
        TimeSpan? server,
        TimeSpan? redis,
        TimeSpan client,
        DateTime started)
    {
        var requests = users.Sum(u => u.Tally.Requests);
        var latencies = users.SelectMany(u => u.Tally.LatenciesMs).ToArray();
        Array.Sort(latencies);
        double PerThousand(TimeSpan cpu) => requests == 0 ? 0 : cpu.TotalMilliseconds * 1000 / requests;
        double PerRequest(long bytes) => requests == 0 ? 0 : bytes / (double)requests;

        return new RunResult(
            options.Round,
            options.Mode,
            options.Kind,
            options.StateBytes,
            options.Users,
            elapsed.TotalSeconds,
            requests,
            users.Sum(u => u.Tally.Failed),
            users.Sum(u => u.Tally.Mismatched),
            requests / elapsed.TotalSeconds,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.90),
            Percentile(latencies, 0.99),
            latencies.Length == 0 ? 0 : latencies[^1],
            PerRequest(users.Sum(u => u.Tally.CookieHeaderBytes)),
            PerRequest(users.Sum(u => u.Tally.SetCookieHeaderBytes)),
            server is { } s ? PerThousand(s) : null,
            redis is { } r ? PerThousand(r) : null,
            PerThousand(client),
            LoadAverage(),
            started.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, double fraction) =>
        sorted.Length == 0 ? 0 : sorted[Math.Max(0, (int)Math.Ceiling(fraction * sorted.Length) - 1)];

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
