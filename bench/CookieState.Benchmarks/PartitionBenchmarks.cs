using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace CookieState.Benchmarks;

/// <summary>
/// What partitions cost: a session whose state is spread over three key groups (<c>a:</c>, <c>b:</c>, <c>c:</c>), stored as
/// today's single cookie set (the baseline) or as three partitions plus the lifetime set. <i>Write one</i> changes a key of
/// one group (the partitioned session rewrites that partition only); <i>read one</i> reads a key of one group (it opens
/// the lifetime set and that partition).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PartitionBenchmarks
{
    private static readonly string[] Groups = ["a", "b", "c"];

    private (BenchmarkApp App, string Cookies, RequestDelegate Write, RequestDelegate Read) _single;
    private (BenchmarkApp App, string Cookies, RequestDelegate Write, RequestDelegate Read) _partitioned;

    /// <summary>Session data size in bytes, spread evenly over the three groups.</summary>
    [Params(1024, 3072)]
    public int StateBytes { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _single = await CreateAsync(BenchmarkApp.CookieState(CookieStateFormat.Envelope));
        _partitioned = await CreateAsync(BenchmarkApp.CookieState(CookieStateFormat.Envelope, configure: o =>
        {
            foreach (var group in Groups)
            {
                o.Partitions.Add(group);
            }
        }));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _single.App.Dispose();
        _partitioned.App.Dispose();
    }

    [BenchmarkCategory("write one group"), Benchmark(Baseline = true, Description = "one set")]
    public Task WriteSingle() => _single.App.RunAsync(_single.Write, _single.Cookies);

    [BenchmarkCategory("write one group"), Benchmark(Description = "three partitions")]
    public Task WritePartitioned() => _partitioned.App.RunAsync(_partitioned.Write, _partitioned.Cookies);

    [BenchmarkCategory("read one group"), Benchmark(Baseline = true, Description = "one set")]
    public Task ReadSingle() => _single.App.RunAsync(_single.Read, _single.Cookies);

    [BenchmarkCategory("read one group"), Benchmark(Description = "three partitions")]
    public Task ReadPartitioned() => _partitioned.App.RunAsync(_partitioned.Read, _partitioned.Cookies);

    private async Task<(BenchmarkApp, string, RequestDelegate, RequestDelegate)> CreateAsync(BenchmarkApp app)
    {
        var seed = app.Build(c =>
        {
            foreach (var group in Groups)
            {
                c.Session.Set(group + ":data", System.Security.Cryptography.RandomNumberGenerator.GetBytes(StateBytes / Groups.Length));
            }

            c.Session.SetInt32("a:n", 0);
            return Task.CompletedTask;
        });
        var context = await app.RunAsync(seed, string.Empty);
        var cookies = string.Join("; ", context.Response.Headers.SetCookie.Select(h => SetCookieHeaderValue.Parse(h!)).Select(c => $"{c.Name}={c.Value}"));
        var write = app.Build(c =>
        {
            c.Session.SetInt32("a:n", (c.Session.GetInt32("a:n") ?? 0) + 1);
            return Task.CompletedTask;
        });
        var read = app.Build(c =>
        {
            c.Session.TryGetValue("b:data", out _);
            return Task.CompletedTask;
        });

        // A benchmark whose write sends no cookie, or the wrong ones, would measure something else.
        var written = (await app.RunAsync(write, cookies)).Response.Headers.SetCookie;
        if (written.Count == 0 || (app.Services.GetService(typeof(Microsoft.Extensions.Options.IOptions<CookieStateOptions>)) is Microsoft.Extensions.Options.IOptions<CookieStateOptions> { Value.Partitions.Count: > 0 }
            && (written.Count != 1 || !written[0]!.StartsWith(".CookieState.a=", StringComparison.Ordinal))))
        {
            throw new InvalidOperationException($"Unexpected cookies written: {string.Join(" | ", written.Select(w => w![..Math.Min(20, w!.Length)]))}");
        }

        return (app, cookies, write, read);
    }
}
