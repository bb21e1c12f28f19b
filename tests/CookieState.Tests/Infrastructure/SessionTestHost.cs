using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CookieState.Tests.Infrastructure;

/// <summary>
/// A real ASP.NET Core host on TestServer with the CookieState middleware and a handful of session endpoints,
/// a fake clock, and a log sink, so tests drive real Set-Cookie round trips.
/// </summary>
public sealed class SessionTestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private SessionTestHost(IHost host, FakeTimeProvider clock, TestLogSink logs, string keyDirectory)
    {
        _host = host;
        Clock = clock;
        Logs = logs;
        KeyDirectory = keyDirectory;
        Client = host.GetTestClient();
    }

    public FakeTimeProvider Clock { get; }

    public TestLogSink Logs { get; }

    public string KeyDirectory { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<SessionTestHost> StartAsync(
        Action<CookieStateOptions>? configure = null,
        Action<IEndpointRouteBuilder>? endpoints = null,
        Action<IServiceCollection>? services = null,
        string? keyDirectory = null,
        FakeTimeProvider? clock = null,
        string applicationName = "cookiestate-tests",
        Action<IApplicationBuilder>? beforeSession = null)
    {
        clock ??= new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        keyDirectory ??= Directory.CreateTempSubdirectory("cookiestate-keys-").FullName;
        var logs = new TestLogSink();
        var host = new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureLogging(logging => logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug))
                .ConfigureServices(s =>
                {
                    s.AddRouting();
                    s.AddSingleton<TimeProvider>(clock);
                    s.AddDataProtection()
                        .SetApplicationName(applicationName)
                        .PersistKeysToFileSystem(new DirectoryInfo(keyDirectory));
                    TestFormat.Apply(s);
                    s.AddCookieState(o => configure?.Invoke(o));

                    services?.Invoke(s);
                })
                .Configure(app =>
                {
                    beforeSession?.Invoke(app);
                    app.UseRouting();
                    app.UseCookieState();
                    app.UseEndpoints(e =>
                    {
                        SessionEndpoints.Map(e);
                        endpoints?.Invoke(e);
                    });
                }))
            .Build();
        await host.StartAsync();
        return new SessionTestHost(host, clock, logs, keyDirectory);
    }

    /// <summary>Sends a GET with the jar's cookies and applies the response's Set-Cookie to the jar.</summary>
    public async Task<HttpResponseMessage> GetAsync(string path, CookieJar jar)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        jar.AddTo(request);
        var response = await Client.SendAsync(request);
        jar.Apply(response);
        return response;
    }

    public async Task<string> GetStringAsync(string path, CookieJar jar)
    {
        using var response = await GetAsync(path, jar);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.StopAsync();
        _host.Dispose();
    }
}
