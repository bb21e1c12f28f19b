using CookieState.Tests.Properties;
using FsCheck;
using FsCheck.Fluent;

namespace CookieState.Tests.TypedValues;

/// <summary>Baskets with any Unicode text (NUL and astral planes included), extreme numbers and instants, and empty collections.</summary>
public static class BasketGenerator
{
    public static Gen<Basket> Baskets()
    {
        var text = Generators.ScalarText(maxScalars: 16);
        var decimals = Gen.Frequency(
            (4, ArbMap.Default.GeneratorFor<decimal>()),
            (1, Gen.Elements(decimal.MinValue, decimal.MaxValue, 0m, -0.0000000000000000000000000001m, 1.10m)));
        var doubles = Gen.Frequency(
            (4, ArbMap.Default.GeneratorFor<NormalFloat>().Select(f => f.Get)),
            (1, Gen.Elements(double.MinValue, double.MaxValue, double.Epsilon, -0.0, 0.1 + 0.2)));
        // Any tick of years 0001 to 9994, at any offset JSON and .NET allow (whole minutes within ±14 hours).
        var instants =
            from days in Gen.Choose(1, 3_650_000)
            from second in Gen.Choose(0, 86_399)
            from tick in Gen.Choose(0, 9_999_999)
            from offsetMinutes in Gen.Choose(-14 * 60, 14 * 60)
            select new DateTimeOffset(
                (days * TimeSpan.TicksPerDay) + (second * TimeSpan.TicksPerSecond) + tick, TimeSpan.FromMinutes(offsetMinutes));
        var line =
            from sku in text
            from quantity in ArbMap.Default.GeneratorFor<int>()
            from discount in Gen.OneOf(Gen.Constant<decimal?>(null), decimals.Select(d => (decimal?)d))
            select new BasketLine(sku, quantity, discount);
        var tags = Gen.Choose(0, 4)
            .SelectMany(n => Gen.ListOf(Gen.Zip(text, ArbMap.Default.GeneratorFor<int>()), n))
            .Select(pairs =>
            {
                var map = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var (key, value) in pairs)
                {
                    map[key] = value;
                }

                return map;
            });

        return
            from owner in text
            from items in ArbMap.Default.GeneratorFor<int>()
            from points in ArbMap.Default.GeneratorFor<long>()
            from total in decimals
            from ratio in doubles
            from gift in ArbMap.Default.GeneratorFor<bool>()
            from createdAt in instants
            from id in ArbMap.Default.GeneratorFor<Guid>()
            from size in Gen.Elements(BasketSize.Small, BasketSize.Medium, BasketSize.Large)
            from note in Gen.OneOf(Gen.Constant<string?>(null), text.Select(t => (string?)t))
            from hold in Gen.OneOf(Gen.Constant<TimeSpan?>(null), ArbMap.Default.GeneratorFor<TimeSpan>().Select(t => (TimeSpan?)t))
            from token in Gen.Choose(0, 48).SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n))
            from lines in Gen.Choose(0, 5).SelectMany(n => Gen.ListOf(line, n)).Select(l => l.ToList())
            from tagMap in tags
            select new Basket(owner, items, points, total, ratio, gift, createdAt, id, size, note, hold, token, lines, tagMap);
    }
}
