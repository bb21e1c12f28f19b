using System.Globalization;

namespace CookieState.Tests.Health;

/// <summary>One check's part of a health report.</summary>
public sealed record HealthEntry(string Status, string Description, IReadOnlyDictionary<string, string> Data)
{
    public DateTimeOffset Time(string key) => DateTimeOffset.Parse(Data[key], CultureInfo.InvariantCulture);
}
