using CookieState.TestServers;

namespace CookieState.Farm.Tests;

/// <summary>N sample nodes as separate processes behind a real nginx round robin with no affinity.</summary>
public sealed class LocalFarm : IAsyncDisposable
{
    private static readonly TimeSpan NginxPollInterval = TimeSpan.FromMilliseconds(50);

    private LocalFarm(IReadOnlyList<SampleNode> nodes, NginxTestServer nginx)
    {
        Nodes = nodes;
        Nginx = nginx;
    }

    public IReadOnlyList<SampleNode> Nodes { get; }

    public NginxTestServer Nginx { get; }

    /// <summary>Starts the nodes with <paramref name="settings"/>, each adjusted by <paramref name="configureNode"/> if given, then nginx.</summary>
    public static async Task<LocalFarm> StartAsync(
        int nodeCount, IReadOnlyDictionary<string, string> settings, Action<SampleNode>? configureNode = null)
    {
        var nodes = Enumerable.Range(1, nodeCount)
            .Select(i => new SampleNode($"node{i}", FreePort.Next(), settings))
            .ToArray();
        foreach (var node in nodes)
        {
            configureNode?.Invoke(node);
        }

        try
        {
            await Task.WhenAll(nodes.Select(n => n.StartAsync()));
            var nginx = await NginxTestServer.StartAsync(nodes.Select(n => n.Port).ToArray());
            return new LocalFarm(nodes, nginx);
        }
        catch
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>
    /// Waits until nginx routes requests to <paramref name="node"/> again: after a restart nginx keeps a node out of the
    /// pool for up to <c>fail_timeout</c>. A rolling deploy waits for this before it takes the next node down.
    /// </summary>
    public async Task WaitUntilServingAsync(SampleNode node)
    {
        using var client = new HttpClient { BaseAddress = Nginx.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync("api/counter/value");
                if (response.Headers.TryGetValues("X-Node", out var names) && names.Contains(node.Name))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(NginxPollInterval);
        }

        throw new TimeoutException($"nginx did not route to {node.Name} within 60 s.");
    }

    /// <summary>Writes every node's console output to the artifacts folder, for reading after a failed run.</summary>
    public void SaveNodeLogs(string scenario)
    {
        var folder = Environment.GetEnvironmentVariable("COOKIESTATE_ARTIFACTS") ?? Path.GetTempPath();
        foreach (var node in Nodes)
        {
            File.WriteAllLines(Path.Combine(folder, $"farm-{scenario}-{node.Name}.log"), node.Output);
        }

        var nginxLog = Path.Combine(Nginx.Prefix, "logs", "error.log");
        if (File.Exists(nginxLog))
        {
            File.Copy(nginxLog, Path.Combine(folder, $"farm-{scenario}-nginx-error.log"), overwrite: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Nginx.DisposeAsync();
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
    }
}
