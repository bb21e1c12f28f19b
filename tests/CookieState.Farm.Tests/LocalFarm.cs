using CookieState.TestServers;

namespace CookieState.Farm.Tests;

/// <summary>N sample nodes as separate processes behind a real nginx round robin with no affinity.</summary>
public sealed class LocalFarm : IAsyncDisposable
{
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

    /// <summary>Writes every node's console output to the artifacts folder, for reading after a failed run.</summary>
    public void SaveNodeLogs(string scenario)
    {
        var folder = Environment.GetEnvironmentVariable("COOKIESTATE_ARTIFACTS") ?? Path.GetTempPath();
        foreach (var node in Nodes)
        {
            File.WriteAllLines(Path.Combine(folder, $"farm-{scenario}-{node.Name}.log"), node.Output);
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
