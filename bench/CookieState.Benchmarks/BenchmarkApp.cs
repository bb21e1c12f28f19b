using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace CookieState.Benchmarks;

/// <summary>
/// One session store behind the real middleware, driven with <see cref="DefaultHttpContext"/>s that carry real cookies:
/// CookieState (in a given format) or ASP.NET Core's own session over the in-memory distributed cache.
/// </summary>
public sealed class BenchmarkApp : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly bool _builtIn;

    private BenchmarkApp(ServiceProvider services, bool builtIn)
    {
        _services = services;
        _builtIn = builtIn;
    }

    public IServiceProvider Services => _services;

    /// <summary>CookieState writing <paramref name="format"/>, with a key ring in a temp folder (the path a real node takes).</summary>
    public static BenchmarkApp CookieState(
        CookieStateFormat format, string? keyDirectory = null, Action<CookieStateOptions>? configure = null, Action<IServiceCollection>? plugins = null)
    {
        var services = Common(keyDirectory);
        services.AddCookieState(o =>
        {
            o.Format = format;
            o.MaxCookieSize = 64 * 1024;
            configure?.Invoke(o);
        });
        plugins?.Invoke(services);
        return new BenchmarkApp(services.BuildServiceProvider(), builtIn: false);
    }

    /// <summary>ASP.NET Core's session (DistributedSession) over MemoryDistributedCache.</summary>
    public static BenchmarkApp BuiltIn()
    {
        var services = Common(null);
        services.AddDistributedMemoryCache();
        services.AddSession();
        return new BenchmarkApp(services.BuildServiceProvider(), builtIn: true);
    }

    public RequestDelegate Build(RequestDelegate endpoint)
    {
        var app = new ApplicationBuilder(_services);
        if (_builtIn)
        {
            app.UseSession();
        }
        else
        {
            app.UseCookieState();
        }

        app.Run(endpoint);
        return app.Build();
    }

    /// <summary>Runs one request through <paramref name="pipeline"/> and starts its response, as a server would.</summary>
    public async Task<DefaultHttpContext> RunAsync(RequestDelegate pipeline, string cookieHeader)
    {
        var response = new ServerResponseFeature();
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpResponseFeature>(response);
        if (cookieHeader.Length > 0)
        {
            context.Request.Headers.Cookie = cookieHeader;
        }

        await pipeline(context);
        await response.StartAsync();
        return context;
    }

    /// <summary>Runs one request that stores <paramref name="stateBytes"/> of data and returns the Cookie header a browser would send back.</summary>
    public async Task<string> SeedAsync(int stateBytes)
    {
        var seed = Build(c =>
        {
            c.Session.Set("data", System.Security.Cryptography.RandomNumberGenerator.GetBytes(stateBytes));
            c.Session.SetInt32("n", 0);
            return Task.CompletedTask;
        });
        var context = await RunAsync(seed, string.Empty);
        if (context.Response.Headers.SetCookie.Count == 0)
        {
            // A benchmark that reads no cookie would measure nothing.
            throw new InvalidOperationException("The seeding request wrote no session cookie.");
        }

        return string.Join("; ", context.Response.Headers.SetCookie.Select(h => SetCookieHeaderValue.Parse(h!)).Select(c => $"{c.Name}={c.Value}"));
    }

    public void Dispose() => _services.Dispose();

    private static ServiceCollection Common(string? keyDirectory)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddDataProtection()
            .SetApplicationName("cookiestate-bench")
            .PersistKeysToFileSystem(new DirectoryInfo(keyDirectory ?? Directory.CreateTempSubdirectory("cookiestate-bench-keys-").FullName));
        return services;
    }
}
