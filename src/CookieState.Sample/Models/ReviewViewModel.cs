namespace CookieState.Sample.Models;

/// <summary>Step 3 of the checkout wizard: everything collected so far.</summary>
internal sealed record ReviewViewModel(Cart Cart, CheckoutAddress Address, CheckoutDelivery Delivery)
{
    public decimal Shipping => DeliveryOptions.Price(Delivery.Method!.Value, Cart.Total);

    public decimal Total => Cart.Total + Shipping;
}
