using System.Reflection;
using ArchUnitNET.Loader;
using GenericParameter = ArchUnitNET.Domain.GenericParameter;

namespace CookieState.Tests.Architecture;

/// <summary>
/// Which top-level types of an assembly reference which others of the same assembly. ArchUnitNET reads the compiled
/// assembly: base types, interfaces, members' signatures, generic arguments, attributes (and their <c>typeof</c>
/// arguments), and what method bodies call, create, read, cast, declare as locals and load with <c>typeof</c>. Nested and
/// compiler-generated types (closures, <c>&lt;&gt;c</c>, iterator and async state machines) count for the type that
/// declares them; <see cref="TypeReferencesTests"/> holds the library to each of these.
/// </summary>
internal static class TypeReferences
{
    /// <summary>
    /// (from, to) pairs of owners' metadata names (<c>Namespace.Name`1+Nested</c>), self-references left out;
    /// <paramref name="owner"/> folds a type's name to the type it counts for.
    /// </summary>
    public static IReadOnlySet<(string From, string To)> Within(Assembly assembly, Func<string, string> owner, out IReadOnlySet<string> loadedTypes)
    {
        var name = assembly.GetName().Name;
        var architecture = new ArchLoader().LoadAssemblies(assembly).Build();
        var pairs = new HashSet<(string, string)>();
        var loaded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in architecture.Types)
        {
            if (type is GenericParameter || type.Assembly.Name != name)
            {
                continue;
            }

            var from = owner(type.FullName);
            loaded.Add(from);
            foreach (var dependency in type.Dependencies)
            {
                var target = dependency.Target;
                if (target is GenericParameter || target.Assembly.Name != name)
                {
                    continue;
                }

                var to = owner(target.FullName);
                if (to != from)
                {
                    pairs.Add((from, to));
                }
            }
        }

        loadedTypes = loaded;
        return pairs;
    }

    /// <summary>Nested and compiler-generated types count for their outermost declaring type.</summary>
    public static string TopLevel(string fullName)
    {
        var plus = fullName.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? fullName : fullName[..plus];
    }

    /// <summary>Compiler-generated types count for the type that declares them; a named nested type for itself.</summary>
    public static string SourceDeclared(string fullName)
    {
        var generated = fullName.IndexOf("+<", StringComparison.Ordinal);
        return generated < 0 ? fullName : fullName[..generated];
    }
}
