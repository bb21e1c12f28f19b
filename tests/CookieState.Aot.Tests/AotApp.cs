using System.Diagnostics;

namespace CookieState.Aot.Tests;

/// <summary>
/// Where the two builds of tests/CookieState.Aot.App are: its ordinary (JIT) build, and its native AOT executable,
/// named by <c>COOKIESTATE_AOT_APP</c> (scripts/test.sh publishes it before the tests run) or published here once,
/// into a temporary folder, when the variable is not set.
/// </summary>
public sealed class AotApp : IAsyncLifetime
{
    public const string Variable = "COOKIESTATE_AOT_APP";

    private string? _publishedHere;

    public string NativeExecutable { get; private set; } = "";

    public string JitDll { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var (project, configuration) = LocateProject();
        JitDll = Path.Combine(project, "bin", configuration, "net10.0", "CookieState.Aot.App.dll");
        if (!File.Exists(JitDll))
        {
            throw new InvalidOperationException($"Build the solution first: {JitDll} is missing.");
        }

        var named = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(named))
        {
            _publishedHere = Directory.CreateTempSubdirectory("cookiestate-aot-").FullName;
            await PublishAsync(project, _publishedHere);
            named = Path.Combine(_publishedHere, "CookieState.Aot.App");
        }

        NativeExecutable = File.Exists(named)
            ? Path.GetFullPath(named)
            : throw new InvalidOperationException($"{Variable} names {named}, which does not exist.");
    }

    public Task DisposeAsync()
    {
        if (_publishedHere is not null)
        {
            Directory.Delete(_publishedHere, recursive: true);
        }

        return Task.CompletedTask;
    }

    private static async Task PublishAsync(string project, string output)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                "publish", project, "-c", "Release", "-r", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier,
                "-p:PublishAot=true", "-o", output,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Native AOT publish failed:{Environment.NewLine}{await stdout}{await stderr}");
        }
    }

    private static (string Project, string Configuration) LocateProject()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CookieState.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException("Cannot find CookieState.sln above " + AppContext.BaseDirectory);
        }

        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release"
            : "Debug";
        return (Path.Combine(directory.FullName, "tests", "CookieState.Aot.App"), configuration);
    }
}
