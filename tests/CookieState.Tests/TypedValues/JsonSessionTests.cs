using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace CookieState.Tests.TypedValues;

/// <summary>The typed JSON extensions' contract, on ASP.NET Core's own session used directly.</summary>
public sealed class JsonSessionTests
{
    private static readonly TypedValuesJsonContext Json = TypedValuesJsonContext.Default;

    [Fact]
    public void An_absent_key_reads_as_default_and_TryGetJson_says_it_is_absent()
    {
        var session = Baskets.BuiltInSession();

        Assert.Null(session.GetJson("missing", Json.Basket));
        Assert.Equal(0, session.GetJson("missing", Json.Int32));
        Assert.False(session.TryGetJson("missing", Json.Int32, out var number));
        Assert.Equal(0, number);
        Assert.Null(session.GetJson<Basket>("missing"));
        Assert.False(session.TryGetJson<Basket>("missing", out var basket));
        Assert.Null(basket);
    }

    [Fact]
    public void A_stored_default_or_null_is_told_apart_from_an_absent_key()
    {
        var session = Baskets.BuiltInSession();

        session.SetJson("zero", 0, Json.Int32);
        session.SetJson("nothing", null!, Json.Basket);
        session.SetJson<Basket?>("nothing-reflected", null);

        Assert.True(session.TryGetJson("zero", Json.Int32, out var zero));
        Assert.Equal(0, zero);
        Assert.True(session.TryGetJson("nothing", Json.Basket, out var nothing));
        Assert.Null(nothing);
        Assert.Equal("null", session.GetString("nothing"));
        Assert.True(session.TryGetJson<Basket?>("nothing-reflected", out var reflected));
        Assert.Null(reflected);
    }

    [Fact]
    public void The_stored_bytes_are_the_values_UTF8_JSON_with_web_names_by_default()
    {
        var session = Baskets.BuiltInSession();
        var basket = Baskets.Sample();

        session.SetJson("typed", basket, Json.Basket);
        session.SetJson("reflected", basket);
        session.SetJson("text", "é\"", Json.String);

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(basket, JsonSerializerOptions.Web), session.Get("typed"));
        Assert.Equal(session.Get("typed"), session.Get("reflected"));
        Assert.Equal("\"\\u00E9\\u0022\"", session.GetString("text"));
    }

    [Fact]
    public void The_reflection_overloads_use_the_given_options()
    {
        var session = Baskets.BuiltInSession();
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

        session.SetJson("size", BasketSize.Medium, options);

        Assert.Equal("\"Medium\"", session.GetString("size"));
        Assert.Equal(BasketSize.Medium, session.GetJson<BasketSize>("size", options));
        Assert.True(session.TryGetJson<BasketSize>("size", out var size, options));
        Assert.Equal(BasketSize.Medium, size);
        Assert.Throws<JsonException>(() => session.GetJson<BasketSize>("size"));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"items\":\"three\"}")]
    [InlineData("")]
    public void Bytes_that_are_not_JSON_of_the_type_throw_JsonException_rather_than_reading_as_absent(string stored)
    {
        var session = Baskets.BuiltInSession();
        session.SetString("basket", stored);

        Assert.Throws<JsonException>(() => session.GetJson("basket", Json.Basket));
        Assert.Throws<JsonException>(() => session.TryGetJson("basket", Json.Basket, out _));
        Assert.Throws<JsonException>(() => session.GetJson<Basket>("basket"));
        Assert.Throws<JsonException>(() => session.TryGetJson<Basket>("basket", out _));
    }

    [Fact]
    public void Null_arguments_are_refused_by_name()
    {
        var session = Baskets.BuiltInSession();
        ISession none = null!;

        Assert.Equal("session", Assert.Throws<ArgumentNullException>(() => none.SetJson("k", 1, Json.Int32)).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => session.SetJson(null!, 1, Json.Int32)).ParamName);
        Assert.Equal("jsonTypeInfo", Assert.Throws<ArgumentNullException>(() => session.SetJson("k", 1, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<int>)null!)).ParamName);
        Assert.Equal("session", Assert.Throws<ArgumentNullException>(() => none.GetJson("k", Json.Int32)).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => session.TryGetJson(null!, Json.Int32, out _)).ParamName);
        Assert.Equal("jsonTypeInfo", Assert.Throws<ArgumentNullException>(() => session.GetJson<int>("k", (System.Text.Json.Serialization.Metadata.JsonTypeInfo<int>)null!)).ParamName);
        Assert.Equal("session", Assert.Throws<ArgumentNullException>(() => none.SetJson("k", 1)).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => session.GetJson<int>(null!)).ParamName);
        Assert.Equal("session", Assert.Throws<ArgumentNullException>(() => none.TryGetJson<int>("k", out _)).ParamName);
    }
}
