namespace CookieState.Sample.Models;

/// <summary>One product in the cart with its quantity.</summary>
/// <param name="Product">The product.</param>
/// <param name="Quantity">How many.</param>
internal sealed record CartLine(Product Product, int Quantity)
{
    public decimal Subtotal => Product.Price * Quantity;
}
