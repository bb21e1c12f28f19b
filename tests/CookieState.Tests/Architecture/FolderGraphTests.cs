using Xunit.Abstractions;

namespace CookieState.Tests.Architecture;

/// <summary>
/// The core's folders form a one-way graph: <see cref="StageTable"/> lists them bottom up, and no type reaches a stage
/// above its own. Print the current graph with
/// <c>dotnet test tests/CookieState.Tests/CookieState.Tests.csproj -c Release --filter FullyQualifiedName~FolderGraphTests.The_folder_graph_is_printed --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class FolderGraphTests(ITestOutputHelper output)
{
    private static readonly Lazy<CoreGraph> Graph = new(() => CoreGraph.Load(StageTable.BottomUp));

    private static readonly string[] ForbiddenReferences =
        ["Npgsql", "StackExchange.Redis", "CookieState.Jose", "Microsoft.IdentityModel.", "System.IdentityModel."];

    [Fact]
    public void No_type_depends_on_a_stage_listed_after_its_own()
    {
        var backEdges = StageRule.BackEdges(StageTable.BottomUp, Graph.Value.Edges);

        Assert.True(
            backEdges.Count == 0,
            $"{backEdges.Count} reference(s) go up the stage order of StageTable (bottom up: "
            + string.Join(" < ", StageTable.BottomUp.Select(TypeEdge.Display)) + "):\n  " + string.Join("\n  ", backEdges));
    }

    [Fact]
    public void Every_type_of_the_core_maps_to_the_stage_of_the_file_named_after_it()
    {
        var map = CoreGraph.MapTypes(StageTable.BottomUp);
        var project = Path.Combine(RepositoryRoot(), "src", "CookieState");
        var fileOf = Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(project, file).Replace('\\', '/'))
            .Where(file => !IsBuildOutput(file))
            .GroupBy(file => Path.GetFileNameWithoutExtension(file), StringComparer.Ordinal)
            .Where(group => group.Count() == 1)
            .ToDictionary(group => group.Key, group => group.Single(), StringComparer.Ordinal);

        // The PDB's answer checked against a plain source scan, for every type that has a file of its own name.
        var checkedTypes = 0;
        foreach (var (type, stage) in map)
        {
            var name = type[(type.LastIndexOf('.') + 1)..].Split('`')[0];
            if (fileOf.TryGetValue(name, out var file))
            {
                Assert.True(SourceFolderMap.StageOf(file, StageTable.BottomUp) == stage, $"{type} maps to {TypeEdge.Display(stage)} but {file} declares it");
                checkedTypes++;
            }
        }

        Assert.True(checkedTypes > 100, $"only {checkedTypes} of {map.Count} types checked against their file");
        Assert.Contains(map, pair => pair.Key.StartsWith("CookieState.", StringComparison.Ordinal) && pair.Key.Count(c => c == '.') == 1 && pair.Value.Length > 0);
    }

    [Fact]
    public void The_core_references_neither_an_engine_nor_the_JOSE_package()
    {
        var references = CoreGraph.Core.GetReferencedAssemblies().Select(name => name.Name!).ToList();

        var forbidden = references
            .Where(name => ForbiddenReferences.Any(prefix => prefix.EndsWith('.') ? name.StartsWith(prefix, StringComparison.Ordinal) : name == prefix))
            .ToList();
        Assert.True(forbidden.Count == 0, "The core assembly references " + string.Join(", ", forbidden));
        Assert.Contains("Microsoft.AspNetCore.Http.Abstractions", references);
    }

    [Fact]
    public void Every_folder_of_the_core_is_a_stage_and_every_stage_a_folder()
    {
        var project = Path.Combine(RepositoryRoot(), "src", "CookieState");
        var folders = Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(project, Path.GetDirectoryName(file)!).Replace('\\', '/'))
            .Select(folder => folder == "." ? "" : folder)
            .Where(folder => !IsBuildOutput(folder))
            .ToHashSet(StringComparer.Ordinal);

        // A new top-level folder must be named; a new sub-folder belongs to its listed ancestor unless listed itself.
        var unlisted = folders
            .Where(folder => !StageTable.BottomUp.Contains(folder.Split('/')[0]) && !StageTable.BottomUp.Contains(folder))
            .Order(StringComparer.Ordinal)
            .ToList();
        var stale = StageTable.BottomUp.Where(stage => !folders.Contains(stage)).ToList();

        Assert.True(unlisted.Count == 0, "Folders of src/CookieState missing from StageTable: " + string.Join(", ", unlisted));
        Assert.True(stale.Count == 0, "Stages in StageTable that are no folder of src/CookieState: " + string.Join(", ", stale.Select(TypeEdge.Display)));
        Assert.Equal(StageTable.BottomUp.Count, StageTable.BottomUp.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_folder_graph_is_printed()
    {
        var graph = Graph.Value;

        output.WriteLine(StageRule.Report(StageTable.BottomUp, graph.Edges));

        Assert.NotEmpty(graph.Edges);
        Assert.All(graph.Edges, edge => Assert.NotEqual(edge.FromStage, edge.ToStage));
    }

    private static bool IsBuildOutput(string path) =>
        path is "bin" or "obj" || path.StartsWith("bin/", StringComparison.Ordinal) || path.StartsWith("obj/", StringComparison.Ordinal);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CookieState.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (CookieState.sln) is not above " + AppContext.BaseDirectory);
    }
}
