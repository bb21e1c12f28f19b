using CookieState.Tests.HostileInput;
using CookieState.Tests.Security;
using CookieState.Tests.TypedValues;
using FsCheck;
using FsCheck.Fluent;

namespace CookieState.Tests.Properties;

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

    public static Arbitrary<AnyUserId> AnyUserIds() =>
        Generators.ScalarText(40).Where(text => text.Length > 0).Select(text => new AnyUserId(text)).ToArbitrary();

    public static Arbitrary<CookieState.Tests.Revocation.Replica.ReplicaOp[]> ReplicaOps() =>
        CookieState.Tests.Revocation.Replica.ReplicaOp.Generator().ToArbitrary();
}
