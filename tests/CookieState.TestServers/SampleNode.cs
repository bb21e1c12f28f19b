using System.Diagnostics;
using System.Globalization;

namespace CookieState.TestServers;

/// <summary>
/// One node of a local farm: the sample site as its own process on real Kestrel at 127.0.0.1, configured through
/// environment variables exactly as an operator would. Killed by PID.
/// </summary>
public sealed class SampleNode : IAsyncDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();
    private NodeProcess? _process;

    public SampleNode(string name, int port, IReadOnlyDictionary<string, string> settings)
    {
        Name = name;
        Port = port;
        Settings = new Dictionary<string, string>(settings, StringComparer.Ordinal);
    }

    /// <summary>The node's environment settings; a change applies at its next start, as with a redeploy.</summary>
    public IDictionary<string, string> Settings { get; }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Everything the node wrote to stdout and stderr, across restarts.</summary>
    public IReadOnlyCollection<string> Output => _output.ToArray();

    /// <summary>The sample's project folder, used as content root, and its built dll next to this test's configuration.</summary>
    public static (string ContentRoot, string Dll) LocateSample() => RepositoryBuild.Locate("CookieState.Sample");

    public async Task StartAsync()
    {
        var (contentRoot, dll) = LocateSample();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--urls", BaseAddress.ToString().TrimEnd('/') },
            WorkingDirectory = contentRoot,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Node__Name"] = Name;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in Settings)
        {
            start.Environment[key] = value;
        }

        _process?.Dispose();
        _process = await NodeProcess.StartAsync($"Node {Name}", start, new Uri(BaseAddress, "api/counter/value"), _output);
    }

    /// <summary>Kills the process at once, as a crash or a pulled plug would.</summary>
    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await _process.KillAsync();
        }
    }

    /// <summary>
    /// Stops the node gracefully (SIGTERM), as a deploy does: Kestrel stops accepting, finishes the requests in flight and
    /// exits. Killed if it has not exited within 30 s.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        ProcessSignals.Terminate(process.Id);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }
}
