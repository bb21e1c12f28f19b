using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace CookieState.Tests.Architecture;

/// <summary>
/// Which source files declare each top-level type of an assembly, read from its portable PDB. Namespaces cannot tell:
/// most public types sit in <c>CookieState</c> whatever their folder. The sequence points of a type's methods give its
/// files; a type without method bodies (an enum, an interface, a log class whose methods are all generated) has them in
/// its <c>TypeDefinitionDocuments</c> record instead. Files a generator wrote under <c>obj/</c> are left out: they belong
/// to the type's own declaration, which is listed too.
/// </summary>
internal static class SourceFolderMap
{
    private static readonly Guid TypeDefinitionDocuments = new("932E74BC-DBA9-4478-8D46-0F32A7BAB3D3");

    /// <summary>
    /// Maps each top-level type's metadata name (<c>Namespace.Name`1</c>) to its files, relative to the project folder
    /// <paramref name="projectFolder"/> (e.g. <c>src/CookieState</c>), with <c>/</c> separators. Compiler-generated
    /// top-level types (<c>&lt;PrivateImplementationDetails&gt;</c>) are left out; nested types belong to their declaring type.
    /// </summary>
    public static IReadOnlyDictionary<string, SortedSet<string>> TopLevelTypeFiles(string assemblyPath, string projectFolder)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        if (!pe.TryOpenAssociatedPortablePdb(assemblyPath, path => File.Exists(path) ? File.OpenRead(path) : null, out var provider, out _)
            || provider is null)
        {
            throw new InvalidOperationException($"No portable PDB beside {assemblyPath}: the types cannot be mapped to folders.");
        }

        using (provider)
        {
            var metadata = pe.GetMetadataReader();
            var pdb = provider.GetMetadataReader();
            var marker = "/" + projectFolder.Trim('/') + "/";
            var result = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
            foreach (var handle in metadata.TypeDefinitions)
            {
                var type = metadata.GetTypeDefinition(handle);
                var name = metadata.GetString(type.Name);
                if (!type.GetDeclaringType().IsNil || name.StartsWith('<'))
                {
                    continue;
                }

                var files = new SortedSet<string>(StringComparer.Ordinal);
                foreach (var document in DocumentsOf(type, handle, pdb))
                {
                    var path = pdb.GetString(pdb.GetDocument(document).Name).Replace('\\', '/');
                    var at = path.LastIndexOf(marker, StringComparison.Ordinal);
                    if (at < 0)
                    {
                        continue;
                    }

                    var relative = path[(at + marker.Length)..];
                    if (!relative.StartsWith("obj/", StringComparison.Ordinal) && !relative.StartsWith("bin/", StringComparison.Ordinal))
                    {
                        files.Add(relative);
                    }
                }

                var space = metadata.GetString(type.Namespace);
                result.Add(space.Length == 0 ? name : space + "." + name, files);
            }

            return result;
        }
    }

    /// <summary>The stage a file belongs to: the longest stage that is its folder or an ancestor of it.</summary>
    public static string? StageOf(string relativeFile, IReadOnlyList<string> stages)
    {
        var slash = relativeFile.LastIndexOf('/');
        var folder = slash < 0 ? "" : relativeFile[..slash];
        string? best = null;
        foreach (var stage in stages)
        {
            var covers = stage.Length == 0
                ? folder.Length == 0
                : folder == stage || folder.StartsWith(stage + "/", StringComparison.Ordinal);
            if (covers && (best is null || stage.Length > best.Length))
            {
                best = stage;
            }
        }

        return best;
    }

    private static IEnumerable<DocumentHandle> DocumentsOf(TypeDefinition type, TypeDefinitionHandle handle, MetadataReader pdb)
    {
        foreach (var method in type.GetMethods())
        {
            foreach (var point in pdb.GetMethodDebugInformation(method).GetSequencePoints())
            {
                yield return point.Document;
            }
        }

        foreach (var information in pdb.GetCustomDebugInformation(handle))
        {
            var record = pdb.GetCustomDebugInformation(information);
            if (pdb.GetGuid(record.Kind) != TypeDefinitionDocuments)
            {
                continue;
            }

            var blob = pdb.GetBlobReader(record.Value);
            while (blob.RemainingBytes > 0)
            {
                yield return MetadataTokens.DocumentHandle(blob.ReadCompressedInteger());
            }
        }
    }
}
