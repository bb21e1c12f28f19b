using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement.Internal;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CookieState.KeyRing.Tests;

/// <summary>
/// One farm node as the tool prepares it for: an app with CookieState on the shared key folder, on TestServer, with an
/// endpoint that writes a session value and one that reads it.
/// </summary>
public sealed class KeyRingNode : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly HttpClient _client;

    private KeyRingNode(IHost host)
    {
        _host = host;
        _client = host.GetTestClient();
    }

    /// <summary>The key this node's Data Protection seals with now.</summary>
    public Guid DefaultKeyId => _host.Services.GetRequiredService<IKeyRingProvider>().GetCurrentKeyRing().DefaultKeyId;

    public static async Task<KeyRingNode> StartAsync(string keyFolder, string applicationName)
    {
        var host = new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureServices(s =>
                {
                    s.AddRouting();
                    s.AddDataProtection().SetApplicationName(applicationName).PersistKeysToFileSystem(new DirectoryInfo(keyFolder));
                    s.AddCookieState();
                })
                .Configure(app =>
                {
                    app.UseRouting();
                    app.UseCookieState();
                    app.UseEndpoints(e =>
                    {
                        e.MapGet("/set/{key}/{value}", (HttpContext c, string key, string value) => c.Session.SetString(key, value));
                        e.MapGet("/get/{key}", (HttpContext c, string key) => c.Session.GetString(key) ?? "(null)");
                    });
                }))
            .Build();
        await host.StartAsync();
        return new KeyRingNode(host);
    }

    /// <summary>Writes <paramref name="key"/> into a new session and returns the session's cookie as a Cookie header.</summary>
    public async Task<string> SetAsync(string key, string value)
    {
        using var response = await _client.GetAsync($"/set/{key}/{value}");
        response.EnsureSuccessStatusCode();
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        return setCookie[..setCookie.IndexOf(';', StringComparison.Ordinal)];
    }

    /// <summary>Reads <paramref name="key"/> from the session the Cookie header <paramref name="cookie"/> carries.</summary>
    public async Task<string> GetAsync(string key, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/get/{key}");
        request.Headers.Add("Cookie", cookie);
        using var response = await _client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _host.StopAsync();
        _host.Dispose();
    }
}
