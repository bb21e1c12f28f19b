using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CookieState.Tests.TypedValues;

/// <summary>
/// A TestServer app whose endpoints store and read a <see cref="Basket"/> through the typed JSON extensions, on
/// CookieState or on the built-in session, so that a value crosses a real response and request (Set-Cookie, Cookie).
/// The test hands the value to the writing endpoint and takes it from the reading one in process: no JSON of the
/// test's own stands between them.
/// </summary>
public sealed class TypedSessionHost : IAsyncDisposable
{
    private const string Key = "basket";

    private readonly IHost _host;
    private readonly HttpClient _client;
    private Basket? _outgoing;
    private (bool Found, Basket? Value) _incoming;

    private TypedSessionHost(IHost host)
    {
        _host = host;
        _client = host.GetTestClient();
    }

    public static async Task<TypedSessionHost> StartAsync(SessionKind kind)
    {
        TypedSessionHost? self = null;
        var keys = Directory.CreateTempSubdirectory("cookiestate-typed-keys-").FullName;
        var host = new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureServices(services =>
                {
                    services.AddRouting();
                    services.AddDataProtection().SetApplicationName("cookiestate-typed").PersistKeysToFileSystem(new DirectoryInfo(keys));
                    if (kind == SessionKind.CookieState)
                    {
                        // Room for the largest generated basket (non-ASCII text is escaped to \uXXXX in JSON).
                        services.AddCookieState(o => o.MaxCookieSize = 32 * 1024);
                    }
                    else
                    {
                        services.AddDistributedMemoryCache();
                        services.AddSession();
                    }
                })
                .Configure(app =>
                {
                    app.UseRouting();
                    if (kind == SessionKind.CookieState)
                    {
                        app.UseCookieState();
                    }
                    else
                    {
                        app.UseSession();
                    }

                    app.UseEndpoints(e =>
                    {
                        e.MapGet("/typed/put", (HttpContext c, bool reflection) =>
                        {
                            if (reflection)
                            {
                                c.Session.SetJson(Key, self!._outgoing);
                            }
                            else
                            {
                                c.Session.SetJson(Key, self!._outgoing!, TypedValuesJsonContext.Default.Basket);
                            }

                            return "ok";
                        });
                        e.MapGet("/typed/get", (HttpContext c, bool reflection) =>
                        {
                            Basket? value;
                            var found = reflection
                                ? c.Session.TryGetJson(Key, out value)
                                : c.Session.TryGetJson(Key, TypedValuesJsonContext.Default.Basket, out value);
                            self!._incoming = (found, value);
                            return "ok";
                        });
                    });
                }))
            .Build();
        await host.StartAsync();
        self = new TypedSessionHost(host);
        return self;
    }

    /// <summary>Stores the basket in one request and reads it back in the next, as a browser would carry the cookies.</summary>
    public async Task<(bool Found, Basket? Value)> RoundTripAsync(Basket basket, bool reflection)
    {
        var jar = new CookieJar();
        _outgoing = basket;
        _incoming = default;
        await SendAsync($"/typed/put?reflection={reflection}", jar);
        Assert.NotEmpty(jar.Cookies);
        await SendAsync($"/typed/get?reflection={reflection}", jar);
        return _incoming;
    }

    private async Task SendAsync(string path, CookieJar jar)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        jar.AddTo(request);
        using var response = await _client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        jar.Apply(response);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _host.StopAsync();
        _host.Dispose();
    }
}
