using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace CookieState.Benchmarks;

/// <summary>
/// The costs a request pays: nothing when the session is untouched, one unprotect to read, one protect to write.
/// Each benchmark runs the real middleware on a DefaultHttpContext carrying real session cookies.
/// </summary>
[MemoryDiagnoser]
public class SessionBenchmarks
{
    private RequestDelegate _untouched = null!;
    private RequestDelegate _read = null!;
    private RequestDelegate _readWrite = null!;
    private IServiceProvider _services = null!;
    private string _cookieHeader = string.Empty;

    /// <summary>Session data size in bytes.</summary>
    [Params(100, 1024, 4096)]
    public int StateBytes { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddCookieState(o => o.MaxCookieSize = 64 * 1024);
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        _services = services.BuildServiceProvider();

        _untouched = Build(_ => Task.CompletedTask);
        _read = Build(c =>
        {
            c.Session.TryGetValue("data", out _);
            return Task.CompletedTask;
        });
        _readWrite = Build(async c =>
        {
            c.Session.SetInt32("n", (c.Session.GetInt32("n") ?? 0) + 1);
            await c.Session.CommitAsync();
        });

        // Issue a real cookie set to replay.
        var seed = Build(async c =>
        {
            c.Session.Set("data", System.Security.Cryptography.RandomNumberGenerator.GetBytes(StateBytes));
            await c.Session.CommitAsync();
        });
        var context = NewContext(string.Empty);
        await seed(context);
        _cookieHeader = string.Join("; ", context.Response.Headers.SetCookie.Select(h => SetCookieHeaderValue.Parse(h!)).Select(c => $"{c.Name}={c.Value}"));
    }

    [Benchmark(Baseline = true, Description = "request that does not touch the session")]
    public Task Untouched() => _untouched(NewContext(_cookieHeader));

    [Benchmark(Description = "read one key (one unprotect)")]
    public Task Read() => _read(NewContext(_cookieHeader));

    [Benchmark(Description = "read, change and commit (unprotect + protect)")]
    public Task ReadWrite() => _readWrite(NewContext(_cookieHeader));

    private RequestDelegate Build(RequestDelegate endpoint)
    {
        var app = new ApplicationBuilder(_services);
        app.UseCookieState();
        app.Run(endpoint);
        return app.Build();
    }

    private DefaultHttpContext NewContext(string cookieHeader)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        if (cookieHeader.Length > 0)
        {
            context.Request.Headers.Cookie = cookieHeader;
        }

        return context;
    }
}
