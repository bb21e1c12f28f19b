using System.Diagnostics;

namespace CookieState.TestServers;

/// <summary>Runs the built key ring command (<c>src/CookieState.KeyRing</c>) as its own process, as an operator would.</summary>
public static class KeyRingTool
{
    /// <summary>Runs the tool with <paramref name="arguments"/> and returns its exit code, standard output and standard error.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var (_, dll) = RepositoryBuild.Locate("CookieState.KeyRing");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
