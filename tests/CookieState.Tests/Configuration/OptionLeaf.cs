using System.Reflection;

namespace CookieState.Tests.Configuration;

/// <summary>One bindable option: its configuration path (e.g. <c>Cookie:Name</c>, <c>Jose:Keys:0:Id</c>) and the properties that lead to it.</summary>
public sealed record OptionLeaf(string Path, IReadOnlyList<PropertyInfo> Chain)
{
    public Type Type => Chain[^1].PropertyType;

    public object? Read(object root)
    {
        object? current = root;
        foreach (var property in Chain)
        {
            // A list of option objects stands for its first item; an empty list reads as null.
            if (current is System.Collections.IList list && !property.DeclaringType!.IsInstanceOfType(list))
            {
                current = list.Count > 0 ? list[0] : null;
            }

            if (current is null)
            {
                return null;
            }

            current = property.GetValue(current);
        }

        return current;
    }

    public override string ToString() => Path;
}
