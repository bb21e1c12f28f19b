using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;

namespace CookieState.Benchmarks;

/// <summary>
/// What a request pays, side by side with ASP.NET Core's own session over the in-memory cache doing the same work (the
/// baseline of each group): a request that never touches the session, a read of one key, and a read-change-commit with
/// its Set-Cookie. Each runs the real middleware on a DefaultHttpContext that carries the cookies of a real session.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SessionBenchmarks
{
    private Store _builtIn = null!;
    private Store _envelope = null!;
    private Store _dataProtection = null!;

    /// <summary>Session data size in bytes.</summary>
    [Params(0, 1024, 4096)]
    public int StateBytes { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _builtIn = await Store.CreateAsync(BenchmarkApp.BuiltIn(), StateBytes);
        _envelope = await Store.CreateAsync(BenchmarkApp.CookieState(CookieStateFormat.Envelope), StateBytes);
        _dataProtection = await Store.CreateAsync(BenchmarkApp.CookieState(CookieStateFormat.DataProtection), StateBytes);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _builtIn.App.Dispose();
        _envelope.App.Dispose();
        _dataProtection.App.Dispose();
    }

    [BenchmarkCategory("untouched"), Benchmark(Baseline = true, Description = "built-in session")]
    public Task UntouchedBuiltIn() => _builtIn.Untouched();

    [BenchmarkCategory("untouched"), Benchmark(Description = "CookieState envelope")]
    public Task UntouchedEnvelope() => _envelope.Untouched();

    [BenchmarkCategory("read"), Benchmark(Baseline = true, Description = "built-in session")]
    public Task ReadBuiltIn() => _builtIn.Read();

    [BenchmarkCategory("read"), Benchmark(Description = "CookieState envelope")]
    public Task ReadEnvelope() => _envelope.Read();

    [BenchmarkCategory("read"), Benchmark(Description = "CookieState Data Protection format")]
    public Task ReadDataProtection() => _dataProtection.Read();

    [BenchmarkCategory("write"), Benchmark(Baseline = true, Description = "built-in session")]
    public Task WriteBuiltIn() => _builtIn.Write();

    [BenchmarkCategory("write"), Benchmark(Description = "CookieState envelope")]
    public Task WriteEnvelope() => _envelope.Write();

    [BenchmarkCategory("write"), Benchmark(Description = "CookieState Data Protection format")]
    public Task WriteDataProtection() => _dataProtection.Write();

    private sealed class Store
    {
        private Store(BenchmarkApp app, string cookieHeader)
        {
            App = app;
            CookieHeader = cookieHeader;
            UntouchedPipeline = app.Build(_ => Task.CompletedTask);
            ReadPipeline = app.Build(c =>
            {
                c.Session.TryGetValue("data", out _);
                return Task.CompletedTask;
            });
            WritePipeline = app.Build(c =>
            {
                c.Session.SetInt32("n", (c.Session.GetInt32("n") ?? 0) + 1);
                return Task.CompletedTask;
            });
        }

        public BenchmarkApp App { get; }

        public string CookieHeader { get; }

        public RequestDelegate UntouchedPipeline { get; }

        public RequestDelegate ReadPipeline { get; }

        public RequestDelegate WritePipeline { get; }

        public static async Task<Store> CreateAsync(BenchmarkApp app, int stateBytes) => new(app, await app.SeedAsync(stateBytes));

        public Task Untouched() => App.RunAsync(UntouchedPipeline, CookieHeader);

        public Task Read() => App.RunAsync(ReadPipeline, CookieHeader);

        public Task Write() => App.RunAsync(WritePipeline, CookieHeader);
    }
}
