using System.Globalization;
using CookieState.Tests.Properties;
using FsCheck;
using FsCheck.Fluent;

namespace CookieState.Tests.Configuration;

/// <summary>Configuration text for an option of a given type: the spellings people write, and some that are wrong.</summary>
public static class BinderTexts
{
    public static Gen<string> Valid(Type type)
    {
        var nullable = Nullable.GetUnderlyingType(type) is not null;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var text = underlying switch
        {
            _ when underlying == typeof(TimeSpan) => TimeSpans(),
            _ when underlying == typeof(int) => Integers(ArbMap.Default.GeneratorFor<int>().Select(i => (long)i)),
            _ when underlying == typeof(long) => Integers(ArbMap.Default.GeneratorFor<long>()),
            _ when underlying == typeof(double) => Doubles(),
            _ when underlying == typeof(bool) => Gen.Elements("true", "false", "True", "FALSE", " true "),
            _ when underlying.IsEnum => Enums(underlying),
            _ when underlying == typeof(string) => Generators.ScalarText(12),
            _ when underlying == typeof(DateTimeOffset) => DateTimeOffsets(),
            _ => throw new InvalidOperationException($"No configuration text for {type}: teach BinderTexts."),
        };

        // An empty value clears a nullable option.
        return nullable ? Gen.Frequency((6, text), (1, Gen.Constant(""))) : text;
    }

    /// <summary>Text that converts to no number, flag, enum or time span (an empty value still clears a nullable one).</summary>
    public static Gen<string> Invalid() => Gen.Elements("abc", "1.5.5", "--1", "", "   ", "12:99:99");

    private static Gen<string> TimeSpans() =>
        from ticks in Gen.Choose(int.MinValue, int.MaxValue).Select(t => t * 10_000_000L + (t % 9_999_999))
        from format in Gen.Elements("c", "g", "G")
        from padded in ArbMap.Default.GeneratorFor<bool>()
        let text = TimeSpan.FromTicks(ticks).ToString(format, CultureInfo.InvariantCulture)
        select padded ? " " + text + " " : text;

    private static Gen<string> DateTimeOffsets() =>
        from seconds in Gen.Choose(0, int.MaxValue)
        from offsetMinutes in Gen.Elements(0, 60, -300, 330)
        from format in Gen.Elements("o", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-dd", "u")
        from padded in ArbMap.Default.GeneratorFor<bool>()
        let value = DateTimeOffset.FromUnixTimeSeconds(seconds).ToOffset(TimeSpan.FromMinutes(offsetMinutes))
        let text = value.ToString(format, CultureInfo.InvariantCulture)
        select padded ? " " + text + " " : text;

    private static Gen<string> Integers(Gen<long> values) =>
        from value in values
        from style in Gen.Choose(0, 2)
        let text = value.ToString(CultureInfo.InvariantCulture)
        select style switch
        {
            0 => text,
            1 => " " + text + " ",
            _ => value >= 0 ? "+" + text : text,
        };

    private static Gen<string> Doubles() =>
        from value in ArbMap.Default.GeneratorFor<NormalFloat>().Select(f => f.Get)
        from format in Gen.Elements("R", "E3", "0.###", "F2")
        select value.ToString(format, CultureInfo.InvariantCulture);

    private static Gen<string> Enums(Type type)
    {
        var names = Enum.GetNames(type);
        var numbers = Enum.GetValuesAsUnderlyingType(type).Cast<object>().Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)!);
        return Gen.OneOf(
            Gen.Elements(names).SelectMany(n => Gen.Elements(n, n.ToUpperInvariant(), n.ToLowerInvariant(), " " + n + " ")),
            Gen.Elements(numbers.ToArray()));
    }
}
