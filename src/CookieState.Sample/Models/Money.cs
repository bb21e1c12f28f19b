using System.Globalization;

namespace CookieState.Sample.Models;

/// <summary>Formats amounts the same way on every machine, whatever its culture.</summary>
internal static class Money
{
    public static string Format(decimal amount) => "€" + amount.ToString("0.00", CultureInfo.InvariantCulture);
}
