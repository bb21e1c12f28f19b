using System.Reflection;

namespace CookieState.Tests.Binding;

/// <summary>One bindable option: its configuration path (e.g. <c>Cookie:Name</c>) and the properties that lead to it.</summary>
public sealed record OptionLeaf(string Path, IReadOnlyList<PropertyInfo> Chain)
{
    public Type Type => Chain[^1].PropertyType;

    public object? Read(object root)
    {
        object? current = root;
        foreach (var property in Chain)
        {
            current = property.GetValue(current);
        }

        return current;
    }

    public override string ToString() => Path;
}
