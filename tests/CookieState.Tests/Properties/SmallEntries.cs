namespace CookieState.Tests.Properties;

/// <summary>Small session contents, so that sealing stays cheap in crypto-heavy properties.</summary>
public sealed record SmallEntries(Dictionary<string, byte[]> Values)
{
    public override string ToString() => Generators.Describe(Values);
}
