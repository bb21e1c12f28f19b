using System.Collections.Concurrent;
using System.Diagnostics;

namespace CookieState.TestServers;

/// <summary>
/// A web app's process started for a test: stdout and stderr captured line by line, ready once a readiness URL answers
/// with success, killed by PID (with its children).
/// </summary>
public sealed class NodeProcess : IDisposable
{
    // How often a starting process is asked whether it answers yet.
    private static readonly TimeSpan ReadinessPollInterval = TimeSpan.FromMilliseconds(50);

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;

    private NodeProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts <paramref name="start"/> (its output redirected here into <paramref name="output"/>) and waits until
    /// <paramref name="readiness"/> answers with success, for at most 60 seconds.
    /// </summary>
    public static async Task<NodeProcess> StartAsync(string name, ProcessStartInfo start, Uri readiness, ConcurrentQueue<string> output)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = new NodeProcess(Process.Start(start)!);
        process._process.OutputDataReceived += (_, e) => Capture(output, e.Data);
        process._process.ErrorDataReceived += (_, e) => Capture(output, e.Data);
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        try
        {
            await process.WaitUntilReadyAsync(name, readiness, output);
            return process;
        }
        catch
        {
            await process.KillAsync();
            process.Dispose();
            throw;
        }
    }

    /// <summary>Kills the process at once, as a crash or a pulled plug would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public void Dispose() => _process.Dispose();

    private static void Capture(ConcurrentQueue<string> output, string? line)
    {
        if (line is not null)
        {
            output.Enqueue(line);
        }
    }

    private async Task WaitUntilReadyAsync(string name, Uri readiness, ConcurrentQueue<string> output)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"{name} exited with code {_process.ExitCode} while starting:{Environment.NewLine}{string.Join(Environment.NewLine, output)}");
            }

            try
            {
                using var response = await client.GetAsync(readiness);
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

        throw new TimeoutException($"{name} did not answer within 60 s:{Environment.NewLine}{string.Join(Environment.NewLine, output)}");
    }
}
