using System.Collections;
using System.Globalization;
using System.Reflection;

namespace CookieState.Tests.Configuration;

/// <summary>
/// Every option that configuration can set, found by reflection: public settable properties (and string collections),
/// descending into option objects such as <c>Cookie</c> and <c>Envelope</c> and into the first item of a list of option
/// objects such as <c>Jose:Keys:0</c>. A property of a type no rule here knows
/// fails the tests, so a new option cannot be added without the binder and these tests learning it.
/// </summary>
public static class OptionLeaves
{
    /// <summary>Set in code only: delegates have no configuration form.</summary>
    private static readonly HashSet<Type> CodeOnly = [typeof(CookieStateEvents)];

    public static IReadOnlyList<OptionLeaf> Of(Type optionsType)
    {
        var leaves = new List<OptionLeaf>();
        Collect(optionsType, "", [], leaves);
        return leaves;
    }

    /// <summary>Each leaf's value as invariant text (collections joined with '|'), to compare two option objects.</summary>
    public static Dictionary<string, string> Flatten(object options) =>
        Of(options.GetType()).ToDictionary(l => l.Path, l => Describe(l.Read(options)), StringComparer.Ordinal);

    public static bool IsLeafType(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(string) || underlying == typeof(TimeSpan)
            || underlying == typeof(decimal) || underlying == typeof(DateTimeOffset) || type == typeof(IList<string>) || type == typeof(ICollection<string>)
            || CollectionItemType(type) is { IsEnum: true };
    }

    /// <summary>The item type of a bindable collection of values (<c>IList&lt;string&gt;</c>, <c>IList&lt;CookieStateFormat&gt;</c>), or null.</summary>
    public static Type? CollectionItemType(Type type) =>
        type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(IList<>) || type.GetGenericTypeDefinition() == typeof(ICollection<>))
        && type.GetGenericArguments()[0] is { } item && (item == typeof(string) || item.IsEnum)
            ? item
            : null;

    private static void Collect(Type type, string prefix, List<PropertyInfo> chain, List<OptionLeaf> leaves)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var path = prefix + property.Name;
            var settable = property.SetMethod is { IsPublic: true };
            var propertyType = property.PropertyType;
            if (CodeOnly.Contains(propertyType))
            {
                continue;
            }

            List<PropertyInfo> next = [.. chain, property];
            if (IsLeafType(propertyType))
            {
                if (settable || CollectionItemType(propertyType) is not null)
                {
                    leaves.Add(new OptionLeaf(path, next));
                }
            }
            else if (ItemTypeOf(propertyType) is { } itemType)
            {
                Collect(itemType, path + ":0:", next, leaves);
            }
            else if (propertyType.IsClass && propertyType.GetConstructor(Type.EmptyTypes) is not null)
            {
                Collect(propertyType, path + ":", next, leaves);
            }
            else
            {
                throw new InvalidOperationException(
                    $"Option {path} has type {propertyType}, which no binding rule knows: teach CookieStateOptionsBinder and these tests.");
            }
        }
    }

    /// <summary>The item type of a list of option objects (<c>IList&lt;CookieStateJoseKey&gt;</c>), or null.</summary>
    public static Type? ItemTypeOf(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IList<>)
        && type.GetGenericArguments()[0] is { IsClass: true } item && item != typeof(string)
        && item.GetConstructor(Type.EmptyTypes) is not null
            ? item
            : null;

    private static string Describe(object? value) => value switch
    {
        null => "(null)",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        string s => "'" + s + "'",
        IEnumerable items => string.Join("|", items.Cast<object?>().Select(Describe)),
        _ => value.ToString() ?? "",
    };
}
