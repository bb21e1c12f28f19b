namespace CookieState.Sample.Infrastructure;

/// <summary>Every key the sample keeps in the session, in one place.</summary>
internal static class SessionKeys
{
    public const string Cart = "cart";
    public const string UserName = "user:name";
    public const string Flash = "flash";
    public const string CheckoutAddress = "checkout:address";
    public const string CheckoutDelivery = "checkout:delivery";
    public const string LastOrder = "checkout:last-order";
    public const string Counter = "counter";
    public const string BigStatePrefix = "big:";
}
