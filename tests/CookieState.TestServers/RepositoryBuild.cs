namespace CookieState.TestServers;

/// <summary>Finds the repository's projects and their builds in the configuration the tests were built in.</summary>
public static class RepositoryBuild
{
    /// <summary>The folder holding CookieState.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Release or Debug: the configuration of the running tests, so that a test never runs a stale other build.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The project folder of <c>src/<paramref name="project"/></c> and its built dll.</summary>
    public static (string ProjectDirectory, string Dll) Locate(string project)
    {
        var directory = Path.Combine(Root, "src", project);
        var dll = Path.Combine(directory, "bin", Configuration, "net10.0", project + ".dll");
        return File.Exists(dll)
            ? (directory, dll)
            : throw new InvalidOperationException($"Build {project} first: {dll} is missing.");
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CookieState.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Cannot find CookieState.sln above " + AppContext.BaseDirectory);
    }
}
