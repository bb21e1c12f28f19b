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
    // How often a starting node is asked whether it answers yet.
    private static readonly TimeSpan ReadinessPollInterval = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

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
            RedirectStandardOutput = true,
            RedirectStandardError = true,
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

        node._process = Process.Start(start)!;
        node._process.OutputDataReceived += (_, e) => node.Capture(e.Data);
        node._process.ErrorDataReceived += (_, e) => node.Capture(e.Data);
        node._process.BeginOutputReadLine();
        node._process.BeginErrorReadLine();
        await node.WaitUntilReadyAsync();
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

            await Task.Delay(ReadinessPollInterval);
        }
    }

    private void Capture(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} while starting:{Environment.NewLine}{Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(BaseAddress, "runtime"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(ReadinessPollInterval);
        }

        throw new TimeoutException($"{Name} did not answer within 60 s:{Environment.NewLine}{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
    }
}
