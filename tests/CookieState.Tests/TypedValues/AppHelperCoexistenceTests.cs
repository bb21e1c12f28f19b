using System.Text.Json;
using CookieState.Tests.TypedValues.AppCode;
using Microsoft.AspNetCore.Http;

namespace CookieState.Tests.TypedValues;

/// <summary>
/// An app that already has the documentation's <c>Set&lt;T&gt;</c>/<c>Get&lt;T&gt;</c> helpers, or its own
/// <c>SetJson</c>/<c>GetJson</c>, keeps compiling once CookieState's extensions are in scope (this file imports both,
/// as an app's global usings would: an ambiguous call, CS0121, would fail the build), and its own helpers keep running.
/// </summary>
public sealed class AppHelperCoexistenceTests
{
    [Fact]
    public void The_documentation_helpers_and_the_typed_extensions_are_called_side_by_side()
    {
        var session = Baskets.BuiltInSession();
        var basket = Baskets.Sample();

        session.Set("docs", basket);
        session.SetJson("typed", basket, TypedValuesJsonContext.Default.Basket);

        Assert.StartsWith("{\"Owner\":", session.GetString("docs"), StringComparison.Ordinal);
        Assert.StartsWith("{\"owner\":", session.GetString("typed"), StringComparison.Ordinal);
        Basket.AssertSame(basket, session.Get<Basket>("docs"));
        Basket.AssertSame(basket, session.GetJson("typed", TypedValuesJsonContext.Default.Basket));
    }

    [Fact]
    public void Values_the_documentation_helper_wrote_read_through_both_kinds_of_overload()
    {
        var session = Baskets.BuiltInSession();
        var basket = Baskets.Sample();

        session.Set("docs", basket);

        Basket.AssertSame(basket, session.GetJson("docs", TypedValuesJsonContext.Default.Basket));
        Basket.AssertSame(basket, session.GetJson<Basket>("docs", JsonSerializerOptions.Web));
    }

    [Fact]
    public void An_apps_own_helpers_with_the_same_names_win_over_the_optional_parameter_overloads()
    {
        var session = Baskets.BuiltInSession();
        var basket = Baskets.Sample();

        // These bind to AppJsonSessionExtensions (PascalCase), not to CookieState's reflection overloads (camelCase).
        session.SetJson("app", basket);
        var read = session.GetJson<Basket>("app");
        var found = session.TryGetJson<Basket>("app", out var tried);

        Assert.StartsWith("{\"Owner\":", session.GetString("app"), StringComparison.Ordinal);
        Basket.AssertSame(basket, read);
        Assert.True(found);
        Basket.AssertSame(basket, tried);
    }
}
