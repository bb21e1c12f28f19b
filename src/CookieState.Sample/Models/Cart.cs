using CookieState.Sample.Infrastructure;

namespace CookieState.Sample.Models;

/// <summary>
/// The shopping cart, kept only in the session as <c>{"productId": quantity}</c>: ids and numbers, a few dozen bytes,
/// because with CookieState every byte of the session rides in a cookie on every request.
/// </summary>
internal sealed class Cart
{
    public const int MaxQuantity = 99;

    private readonly Dictionary<string, int> _items;

    private Cart(Dictionary<string, int> items) => _items = items;

    /// <summary>The number of items, counting quantities.</summary>
    public int Count => _items.Values.Sum();

    public bool IsEmpty => _items.Count == 0;

    /// <summary>The lines in catalogue order; ids no longer in the catalogue are skipped.</summary>
    public IReadOnlyList<CartLine> Lines =>
        Catalog.Products.Where(p => _items.ContainsKey(p.Id)).Select(p => new CartLine(p, _items[p.Id])).ToArray();

    public decimal Total => Lines.Sum(l => l.Subtotal);

    public static Cart Load(ISession session) =>
        new(session.GetJson(SessionKeys.Cart, SampleJsonContext.Default.CartItems) ?? new Dictionary<string, int>(StringComparer.Ordinal));

    public int QuantityOf(string productId) => _items.GetValueOrDefault(productId);

    public void Add(string productId) => SetQuantity(productId, QuantityOf(productId) + 1);

    /// <summary>Sets the quantity, clamped to <see cref="MaxQuantity"/>; zero or less removes the line.</summary>
    public void SetQuantity(string productId, int quantity)
    {
        if (quantity <= 0)
        {
            _items.Remove(productId);
        }
        else
        {
            _items[productId] = Math.Min(quantity, MaxQuantity);
        }
    }

    /// <summary>Writes the cart back; an empty cart removes the key rather than storing <c>{}</c>.</summary>
    public void Save(ISession session)
    {
        if (IsEmpty)
        {
            session.Remove(SessionKeys.Cart);
        }
        else
        {
            session.SetJson(SessionKeys.Cart, _items, SampleJsonContext.Default.CartItems);
        }
    }

    public static void Clear(ISession session) => session.Remove(SessionKeys.Cart);
}
