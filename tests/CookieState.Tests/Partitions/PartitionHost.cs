using System.Collections.Concurrent;
using CookieState.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace CookieState.Tests.Partitions;

/// <summary>A test host with partitions configured, recording each rejection with the partition it names.</summary>
internal sealed class PartitionHost : IAsyncDisposable
{
    private PartitionHost(SessionTestHost host, ConcurrentQueue<(CookieStateRejectionReason Reason, string? Partition)> rejections)
    {
        Host = host;
        Rejections = rejections;
    }

    public SessionTestHost Host { get; }

    public ConcurrentQueue<(CookieStateRejectionReason Reason, string? Partition)> Rejections { get; }

    public const string Name = ".CookieState";

    public static async Task<PartitionHost> StartAsync(
        string[] partitions, string? keyDirectory = null, FakeTimeProvider? clock = null, Action<CookieStateOptions>? configure = null)
    {
        var rejections = new ConcurrentQueue<(CookieStateRejectionReason, string?)>();
        var host = await SessionTestHost.StartAsync(
            o =>
            {
                o.Cookie.Name = Name;
                foreach (var partition in partitions)
                {
                    o.Partitions.Add(partition);
                }

                o.Events.OnRejected = context =>
                {
                    rejections.Enqueue((context.Reason, context.Partition));
                    return Task.CompletedTask;
                };
                configure?.Invoke(o);
            },
            keyDirectory: keyDirectory,
            clock: clock);
        return new PartitionHost(host, rejections);
    }

    /// <summary>Sends a GET with the jar's cookies without applying the response: the caller decides when the browser does.</summary>
    public async Task<HttpResponseMessage> SendAsync(string path, CookieJar jar)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        jar.AddTo(request);
        return await Host.Client.SendAsync(request);
    }

    /// <summary>The cookie names a response sets or expires.</summary>
    public static IReadOnlyList<string> SetCookieNames(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? [.. values.Select(v => v[..v.IndexOf('=', StringComparison.Ordinal)]).Order(StringComparer.Ordinal)]
            : [];

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
