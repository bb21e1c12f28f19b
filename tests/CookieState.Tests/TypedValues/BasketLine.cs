namespace CookieState.Tests.TypedValues;

/// <summary>One line of a <see cref="Basket"/>.</summary>
public sealed record BasketLine(string Sku, int Quantity, decimal? Discount);
