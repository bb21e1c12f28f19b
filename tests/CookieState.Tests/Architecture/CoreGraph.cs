using System.Reflection;

namespace CookieState.Tests.Architecture;

/// <summary>
/// The core assembly's type references (<see cref="TypeReferences"/>) folded to stage-to-stage edges, each type placed in
/// the stage of its source files (<see cref="SourceFolderMap"/>).
/// </summary>
internal sealed class CoreGraph
{
    private CoreGraph(IReadOnlyDictionary<string, string> stageOfType, IReadOnlyList<TypeEdge> edges)
    {
        StageOfType = stageOfType;
        Edges = edges;
    }

    public static Assembly Core => typeof(CookieStateOptions).Assembly;

    /// <summary>Top-level type (metadata name) to its stage.</summary>
    public IReadOnlyDictionary<string, string> StageOfType { get; }

    /// <summary>Every reference from a type of one stage to a type of another, de-duplicated.</summary>
    public IReadOnlyList<TypeEdge> Edges { get; }

    public static CoreGraph Load(IReadOnlyList<string> bottomUp)
    {
        var stageOfType = MapTypes(bottomUp);
        var references = TypeReferences.Within(Core, TypeReferences.TopLevel, out var loaded);

        // A type ArchUnitNET could not model would hide its edges.
        var unseen = stageOfType.Keys.Where(name => !loaded.Contains(name)).Order(StringComparer.Ordinal).ToList();
        if (unseen.Count > 0)
        {
            throw new InvalidOperationException("Types of the core assembly that ArchUnitNET did not load: " + string.Join(", ", unseen));
        }

        var edges = new HashSet<TypeEdge>();
        var unmapped = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (from, to) in references)
        {
            // The compiler's own types (<PrivateImplementationDetails>: constant arrays, string switches) are no folder's.
            if (from.StartsWith('<') || to.StartsWith('<'))
            {
                continue;
            }

            if (!stageOfType.TryGetValue(from, out var fromStage))
            {
                unmapped.Add(from);
            }
            else if (!stageOfType.TryGetValue(to, out var toStage))
            {
                unmapped.Add(to);
            }
            else if (toStage != fromStage)
            {
                edges.Add(new TypeEdge(fromStage, ShortName(from), toStage, ShortName(to)));
            }
        }

        if (unmapped.Count > 0)
        {
            throw new InvalidOperationException(
                "Types of the core assembly that no source file maps to a stage: " + string.Join(", ", unmapped));
        }

        return new CoreGraph(stageOfType, edges.OrderBy(edge => edge.ToString(), StringComparer.Ordinal).ToList());
    }

    /// <summary>Each top-level type to the one stage of its files; fails naming every type with none or with several.</summary>
    public static IReadOnlyDictionary<string, string> MapTypes(IReadOnlyList<string> bottomUp)
    {
        var files = SourceFolderMap.TopLevelTypeFiles(Core.Location, "src/CookieState");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        var generatedValidators = new List<string>();
        foreach (var (type, typeFiles) in files.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var stages = typeFiles.Select(file => SourceFolderMap.StageOf(file, bottomUp)).Distinct().ToList();
            if (typeFiles.Count == 0 && GeneratedValidatorTarget(type) is not null)
            {
                generatedValidators.Add(type);
            }
            else if (typeFiles.Count == 0)
            {
                problems.Add($"{type}: no source file under src/CookieState in the PDB");
            }
            else if (stages.Contains(null))
            {
                problems.Add($"{type}: {string.Join(", ", typeFiles)} in no stage of the table");
            }
            else if (stages.Count > 1)
            {
                problems.Add($"{type}: declared in several stages ({string.Join(", ", typeFiles)})");
            }
            else
            {
                map.Add(type, stages[0]!);
            }
        }

        // [OptionsValidator] writes a validator of its own for a nested options type that has none: it belongs to that type.
        foreach (var type in generatedValidators)
        {
            if (map.TryGetValue(GeneratedValidatorTarget(type)!, out var stage))
            {
                map.Add(type, stage);
            }
            else
            {
                problems.Add($"{type}: generated for {GeneratedValidatorTarget(type)}, which maps to no stage");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Core types that cannot be mapped to one stage:\n  " + string.Join("\n  ", problems));
        }

        return map;
    }

    /// <summary>The options type a generated <c>__XValidator__</c> validates (<c>Ns.X</c>), or <see langword="null"/>.</summary>
    private static string? GeneratedValidatorTarget(string fullName)
    {
        var name = ShortName(fullName);
        const string Prefix = "__", Suffix = "Validator__";
        return name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(Suffix, StringComparison.Ordinal) && name.Length > Prefix.Length + Suffix.Length
            ? fullName[..^name.Length] + name[Prefix.Length..^Suffix.Length]
            : null;
    }

    private static string ShortName(string fullName)
    {
        var dot = fullName.LastIndexOf('.');
        return dot < 0 ? fullName : fullName[(dot + 1)..];
    }
}
