using CookieState.Tests.HostileInput;
using CookieState.Tests.Security;
using CookieState.Tests.TypedValues;
using FsCheck;
using FsCheck.Fluent;

namespace CookieState.Tests.Properties;

/// <summary>Session contents of any shape: any Unicode keys (NUL and astral planes included), any bytes.</summary>
public sealed record AnyEntries(Dictionary<string, byte[]> Values)
{
    public override string ToString() => Generators.Describe(Values);
}

/// <summary>Small session contents, so that sealing stays cheap in crypto-heavy properties.</summary>
public sealed record SmallEntries(Dictionary<string, byte[]> Values)
{
    public override string ToString() => Generators.Describe(Values);
}

/// <summary>Text made of the characters sealed text is made of, up to 30,000 of them.</summary>
public sealed record SealedTextInput(string Text)
{
    public override string ToString() => $"{Text.Length} characters";
}

/// <summary>The FsCheck generators <see cref="CookieStatePropertyAttribute"/> registers.</summary>
public static class Arbitraries
{
    public const string SealedAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    public static Arbitrary<AnyEntries> AnyEntries() =>
        Generators.Entries(maxKeys: 40, maxKeyScalars: 40).Select(e => new AnyEntries(e)).ToArbitrary();

    public static Arbitrary<SmallEntries> SmallEntries() =>
        Generators.SmallEntries().Select(e => new SmallEntries(e)).ToArbitrary();

    public static Arbitrary<SealedTextInput> SealedText() =>
        Gen.Choose(1, 30_000)
            .SelectMany(length => Gen.ArrayOf(Gen.Elements(SealedAlphabet.ToCharArray()), length))
            .Select(chars => new SealedTextInput("E1." + new string(chars)))
            .ToArbitrary();

    public static Arbitrary<TamperCase> TamperCases() => TamperCase.Generator().ToArbitrary();

    public static Arbitrary<SessionEdit[]> SessionEdits() => SessionEdit.Generator().ToArbitrary();

    public static Arbitrary<HostileCookieSet> HostileCookieSets() => HostileCookieSet.Generator().ToArbitrary();

    public static Arbitrary<Basket> Baskets() => BasketGenerator.Baskets().ToArbitrary();
}
