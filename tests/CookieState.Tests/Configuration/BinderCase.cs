using FsCheck;
using FsCheck.Fluent;

namespace CookieState.Tests.Configuration;

/// <summary>A configuration section: some options set, keys in any case, now and then a value that does not convert.</summary>
public sealed record BinderCase(Type OptionsType, Dictionary<string, string?> Values)
{
    public const string Section = "CookieState";

    public static Gen<BinderCase> Generator() => Generator(typeof(CookieStateOptions));

    /// <summary>A case for one of the given options types.</summary>
    public static Gen<BinderCase> Generator(Type[] optionsTypes) => Gen.Elements(optionsTypes).SelectMany(Generator);

    public static Gen<BinderCase> Generator(Type optionsType)
    {
        var leaves = OptionLeaves.Of(optionsType);
        var entries = leaves.Select(leaf =>
            from included in Gen.Frequency((1, Gen.Constant(true)), (2, Gen.Constant(false)))
            from casing in Gen.Elements(0, 1, 2)
            from invalid in Gen.Frequency((1, Gen.Constant(true)), (30, Gen.Constant(false)))
            from values in Texts(leaf, invalid)
            select (included, Key: Section + ":" + Case(leaf.Path, casing), values));

        return Gen.CollectToArray(entries).Select(chosen =>
        {
            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (_, key, texts) in chosen.Where(c => c.included))
            {
                foreach (var (suffix, text) in texts)
                {
                    values[key + suffix] = text;
                }
            }

            return new BinderCase(optionsType, values);
        });
    }

    public override string ToString() => OptionsType.Name + ": " + string.Join("; ", Values.Select(v => $"{v.Key}='{v.Value}'"));

    private static bool IsCollection(OptionLeaf leaf) => OptionLeaves.CollectionItemType(leaf.Type) is not null;

    // A collection is its items under 0, 1, 2...; anything else is one value at its own key. A list item's value is always
    // valid text: the reflection binder skips an item that does not convert, where the hand binder fails (tested apart).
    private static Gen<(string Suffix, string Text)[]> Texts(OptionLeaf leaf, bool invalid) =>
        IsCollection(leaf)
            ? Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(BinderTexts.Valid(OptionLeaves.CollectionItemType(leaf.Type)!), n))
                .Select(items => items.Select((item, i) => (":" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), item)).ToArray())
            : (invalid && leaf.Type != typeof(string) && !leaf.Path.Contains(":0:", StringComparison.Ordinal)
                ? BinderTexts.Invalid()
                : BinderTexts.Valid(leaf.Type))
                .Select(text => new[] { ("", text) });

    private static string Case(string path, int casing) => casing switch
    {
        0 => path,
        1 => path.ToLowerInvariant(),
        _ => path.ToUpperInvariant(),
    };
}
