namespace CookieState.Tests.Properties;

/// <summary>Session contents of any shape: any Unicode keys (NUL and astral planes included), any bytes.</summary>
public sealed record AnyEntries(Dictionary<string, byte[]> Values)
{
    public override string ToString() => Generators.Describe(Values);
}
