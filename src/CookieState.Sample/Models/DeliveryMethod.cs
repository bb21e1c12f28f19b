namespace CookieState.Sample.Models;

/// <summary>How the order is delivered.</summary>
public enum DeliveryMethod
{
    /// <summary>Standard post, 3 to 5 working days.</summary>
    Standard = 1,

    /// <summary>Courier, next working day.</summary>
    Express = 2,

    /// <summary>Collected at the shop.</summary>
    Pickup = 3,
}
