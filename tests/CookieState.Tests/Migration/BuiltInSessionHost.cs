using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CookieState.Tests.Migration;

/// <summary>
/// The app before the switch: ASP.NET Core's own session (<c>AddSession()</c>/<c>UseSession()</c>) over a given distributed
/// cache and a persisted key ring, serving the same session endpoints as the CookieState hosts.
/// </summary>
public sealed class BuiltInSessionHost : IAsyncDisposable
{
    private readonly IHost _host;

    private BuiltInSessionHost(IHost host)
    {
        _host = host;
        Client = host.GetTestClient();
    }

    public HttpClient Client { get; }

    public static async Task<BuiltInSessionHost> StartAsync(
        IDistributedCache cache, string keyDirectory, string applicationName = "cookiestate-tests", string? cookieName = null)
    {
        var host = new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureLogging(logging => logging.ClearProviders())
                .ConfigureServices(s =>
                {
                    s.AddRouting();
                    s.AddDataProtection()
                        .SetApplicationName(applicationName)
                        .PersistKeysToFileSystem(new DirectoryInfo(keyDirectory));
                    s.AddSingleton(cache);
                    s.AddSession(o =>
                    {
                        if (cookieName is not null)
                        {
                            o.Cookie.Name = cookieName;
                        }
                    });
                })
                .Configure(app =>
                {
                    app.UseRouting();
                    app.UseSession();
                    app.UseEndpoints(SessionEndpoints.Map);
                }))
            .Build();
        await host.StartAsync();
        return new BuiltInSessionHost(host);
    }

    public async Task<string> GetStringAsync(string path, CookieJar jar)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        jar.AddTo(request);
        using var response = await Client.SendAsync(request);
        jar.Apply(response);
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
