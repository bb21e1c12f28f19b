namespace CookieState.Sample.Models;

/// <summary>The price and wording of each <see cref="DeliveryMethod"/>.</summary>
internal static class DeliveryOptions
{
    public const decimal FreeStandardFrom = 50m;

    public static IReadOnlyList<(DeliveryMethod Method, string Title, string Detail)> All { get; } =
    [
        (DeliveryMethod.Standard, "Standard post", "3–5 working days · €4.90, free from €50"),
        (DeliveryMethod.Express, "Express courier", "Next working day · €9.90"),
        (DeliveryMethod.Pickup, "Pick up at the shop", "Ready in 2 hours · free"),
    ];

    public static string Title(DeliveryMethod method) => All.First(o => o.Method == method).Title;

    public static decimal Price(DeliveryMethod method, decimal itemsTotal) => method switch
    {
        DeliveryMethod.Standard => itemsTotal >= FreeStandardFrom ? 0m : 4.90m,
        DeliveryMethod.Express => 9.90m,
        _ => 0m,
    };
}
