using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace CookieState.Aot.Tests;

/// <summary>
/// One process of the test app on real Kestrel at 127.0.0.1: the native executable, or the JIT build under
/// <c>dotnet</c>. Configured through environment variables as an operator would; killed by PID.
/// </summary>
public sealed class AppNode : IAsyncDisposable
{
    // How often a node is asked whether it has written what a test waits for.
    private static readonly TimeSpan OutputPollInterval = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentQueue<string> _output = new();
    private TestServers.NodeProcess? _process;

    private AppNode(string name, int port)
    {
        Name = name;
        Port = port;
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>Everything the process wrote to stdout and stderr.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Starts <paramref name="command"/> (an executable, or "dotnet" and a dll) and waits until it answers.</summary>
    public static async Task<AppNode> StartAsync(string name, string[] command, IReadOnlyDictionary<string, string> settings)
    {
        var node = new AppNode(name, TestServers.FreePort.Next());
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = Path.GetDirectoryName(command[^1])!,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(node.BaseAddress.ToString().TrimEnd('/'));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Node__Name"] = name;
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        node._process = await TestServers.NodeProcess.StartAsync(name, start, new Uri(node.BaseAddress, "runtime"), node._output);
        return node;
    }

    /// <summary>Waits until the process has written <paramref name="text"/>, for at most 10 seconds.</summary>
    public async Task WaitForOutputAsync(string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} did not write '{text}' within 10 s:{Environment.NewLine}{Output}");
            }

            await Task.Delay(OutputPollInterval);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.KillAsync();
            _process.Dispose();
        }
    }
}
