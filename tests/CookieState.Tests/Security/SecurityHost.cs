using System.Collections.Concurrent;
using CookieState.Cookies;
using CookieState.Protection;
using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CookieState.Tests.Security;

/// <summary>A <see cref="SessionTestHost"/> with the security endpoints and a record of every CookieState event.</summary>
public sealed class SecurityHost : IAsyncDisposable
{
    private SecurityHost(SessionTestHost host, ConcurrentQueue<string> events)
    {
        Host = host;
        Events = events;
    }

    public SessionTestHost Host { get; }

    /// <summary>"Rejected:{reason}", "Ended:{reason}", "Started".</summary>
    public ConcurrentQueue<string> Events { get; }

    internal IPayloadSealer Sealer => Host.Services.GetServices<IPayloadSealer>().Last(s => s.Format == Options.Format);

    public CookieStateOptions Options => Host.Services.GetRequiredService<IOptions<CookieStateOptions>>().Value;

    /// <summary>Small chunks and a high chunk limit, so that property cases reach many chunk cookies cheaply.</summary>
    public static void ManySmallChunks(CookieStateOptions o)
    {
        o.ChunkSize = 300;
        o.MaxCookieSize = 32 * 1024;
        o.MaxChunkCount = 64;
    }

    public static async Task<SecurityHost> StartAsync(
        Action<CookieStateOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        Action<IApplicationBuilder>? beforeSession = null,
        Action<Microsoft.AspNetCore.Routing.IEndpointRouteBuilder>? endpoints = null)
    {
        var events = new ConcurrentQueue<string>();
        var host = await SessionTestHost.StartAsync(
            o =>
            {
                o.Events.OnRejected = c =>
                {
                    events.Enqueue("Rejected:" + c.Reason);
                    return Task.CompletedTask;
                };
                o.Events.OnSessionEnded = c =>
                {
                    events.Enqueue("Ended:" + c.Reason);
                    return Task.CompletedTask;
                };
                o.Events.OnSessionStarted = _ =>
                {
                    events.Enqueue("Started");
                    return Task.CompletedTask;
                };
                configure?.Invoke(o);
            },
            endpoints: e =>
            {
                SecurityEndpoints.Map(e);
                endpoints?.Invoke(e);
            },
            services: services,
            beforeSession: beforeSession);
        return new SecurityHost(host, events);
    }

    /// <summary>Sends a GET with a raw Cookie header, bypassing the client's header validation.</summary>
    public async Task<HttpResponseMessage> SendRawAsync(string path, string? cookieHeader)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookieHeader is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", cookieHeader);
        }

        return await Host.Client.SendAsync(request);
    }

    /// <summary>Seals <paramref name="plaintext"/> with the host's own keys and chunks it, as a forged but authentic cookie set.</summary>
    internal IReadOnlyList<RequestCookie> SealCrafted(byte[] plaintext)
    {
        var attributes = Chunks.AttributesLength(Options.Cookie.Build(new Microsoft.AspNetCore.Http.DefaultHttpContext()));
        using var sealedText = Sealer.Seal(plaintext, DateTimeOffset.UtcNow.AddMinutes(10));
        return Chunks.Split(sealedText.ToString(), Host.Services.GetRequiredService<CookieNames>(), attributes, Options.ChunkSize, Sealer);
    }

    internal static string Header(IEnumerable<RequestCookie> cookies) => RequestCookie.Header(cookies);

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
