using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace CookieState.Benchmarks;

/// <summary>
/// A quick look, not a measurement: each request kind a few thousand times, printing time and bytes allocated per
/// request. For iterating on the code; figures for docs come from the BenchmarkDotNet run.
/// </summary>
public static class Probe
{
    public static async Task RunAsync()
    {
        foreach (var size in new[] { 0, 1024, 4096 })
        {
            foreach (var (name, app) in new[]
            {
                ("built-in", BenchmarkApp.BuiltIn()),
                ("envelope", BenchmarkApp.CookieState(CookieStateFormat.Envelope)),
                ("data-protection", BenchmarkApp.CookieState(CookieStateFormat.DataProtection)),
            })
            {
                using (app)
                {
                    var cookie = await app.SeedAsync(size);
                    await MeasureAsync(app, $"{name,-16} {size,5} B untouched", app.Build(_ => Task.CompletedTask), cookie);
                    await MeasureAsync(app, $"{name,-16} {size,5} B read     ", app.Build(c =>
                    {
                        c.Session.TryGetValue("data", out _);
                        return Task.CompletedTask;
                    }), cookie);
                    await MeasureAsync(app, $"{name,-16} {size,5} B write    ", app.Build(c =>
                    {
                        c.Session.SetInt32("n", (c.Session.GetInt32("n") ?? 0) + 1);
                        return Task.CompletedTask;
                    }), cookie);
                }
            }
        }
    }

    /// <summary>One request kind in a loop for <paramref name="seconds"/>, for a profiler to sample.</summary>
    public static async Task LoopAsync(string kind, int size, int seconds)
    {
        using var app = BenchmarkApp.CookieState(CookieStateFormat.Envelope);
        var cookie = await app.SeedAsync(size);
        RequestDelegate pipeline = kind == "write"
            ? app.Build(c =>
            {
                c.Session.SetInt32("n", (c.Session.GetInt32("n") ?? 0) + 1);
                return Task.CompletedTask;
            })
            : app.Build(c =>
            {
                c.Session.TryGetValue("data", out _);
                return Task.CompletedTask;
            });
        var until = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            for (var i = 0; i < 1000; i++)
            {
                await app.RunAsync(pipeline, cookie);
            }
        }
    }

    private static async Task MeasureAsync(BenchmarkApp app, string label, RequestDelegate pipeline, string cookie)
    {
        const int Warmup = 2_000;
        const int Runs = 20_000;
        for (var i = 0; i < Warmup; i++)
        {
            await app.RunAsync(pipeline, cookie);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Runs; i++)
        {
            await app.RunAsync(pipeline, cookie);
        }

        watch.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{label} {watch.Elapsed.TotalMicroseconds / Runs,8:F2} us {allocated / (double)Runs / 1024,8:F2} KB"));
    }
}
