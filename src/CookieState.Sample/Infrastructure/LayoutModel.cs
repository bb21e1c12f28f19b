namespace CookieState.Sample.Infrastructure;

/// <summary>What the layout shows on every page.</summary>
/// <param name="UserName">The signed-in name, or <see langword="null"/>.</param>
/// <param name="CartCount">How many items the cart holds.</param>
/// <param name="Flash">A one-shot message, or <see langword="null"/>.</param>
/// <param name="Store">Which session store serves the request.</param>
internal sealed record LayoutModel(string? UserName, int CartCount, string? Flash, string Store)
{
    public const string ViewDataKey = "Layout";
}
