using CookieState.Sample.Models;

namespace CookieState.Sample.Infrastructure;

/// <summary>What the layout shows on every page.</summary>
/// <param name="UserName">The signed-in name, or <see langword="null"/>.</param>
/// <param name="CartCount">How many items the cart holds.</param>
/// <param name="Flash">A one-shot message, or <see langword="null"/>.</param>
/// <param name="Store">Which session store serves the request.</param>
internal sealed record LayoutModel(string? UserName, int CartCount, string? Flash, string Store)
{
    public const string ViewDataKey = "Layout";

    /// <summary>Reads the layout's data from the session; <paramref name="flash"/> is the message already popped, if any.</summary>
    public static LayoutModel From(HttpContext context, string? flash) => new(
        context.Session.GetString(SessionKeys.UserName),
        Cart.Load(context.Session).Count,
        flash,
        context.Features.Get<ICookieStateFeature>() is null ? "ASP.NET Core session (in memory)" : "CookieState");
}
