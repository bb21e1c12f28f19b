using System.Text.Json;
using System.Text.Json.Serialization;
using CookieState.Sample.Models;

namespace CookieState.Sample.Infrastructure;

/// <summary>
/// The JSON metadata of everything the sample keeps in the session, generated at compile time, so that
/// <c>session.SetJson(key, value, SampleJsonContext.Default.X)</c> needs no reflection. Web defaults (camelCase names)
/// keep the bytes of the sessions written before this context existed.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Dictionary<string, int>), TypeInfoPropertyName = "CartItems")]
[JsonSerializable(typeof(CheckoutAddress))]
[JsonSerializable(typeof(CheckoutDelivery))]
[JsonSerializable(typeof(OrderConfirmation))]
internal sealed partial class SampleJsonContext : JsonSerializerContext;
