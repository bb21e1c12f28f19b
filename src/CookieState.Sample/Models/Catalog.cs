namespace CookieState.Sample.Models;

/// <summary>The shop's products, in code: the sample is about the session, not about a database.</summary>
internal static class Catalog
{
    public static IReadOnlyList<Product> Products { get; } =
    [
        new("yirg", "Yirgacheffe beans", "Ethiopia, washed, 250 g. Jasmine and lemon.", 12.50m, "#c2410c"),
        new("huila", "Huila beans", "Colombia, 250 g. Caramel and red apple.", 11.00m, "#a16207"),
        new("blend", "House espresso", "Blend, 1 kg. Chocolate, low acidity.", 32.00m, "#57534e"),
        new("dripper", "Pour-over dripper", "Ceramic, size 02.", 24.00m, "#0f766e"),
        new("filters", "Paper filters", "Pack of 100, size 02.", 5.50m, "#78716c"),
        new("grinder", "Hand grinder", "Steel burrs, 30 g hopper.", 79.00m, "#1d4ed8"),
    ];

    public static Product? Find(string? id) => Products.FirstOrDefault(p => p.Id == id);
}
