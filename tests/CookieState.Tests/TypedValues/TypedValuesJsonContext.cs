using System.Text.Json;
using System.Text.Json.Serialization;

namespace CookieState.Tests.TypedValues;

/// <summary>Source-generated JSON metadata, as an app targeting native AOT would declare it.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Basket))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(string))]
internal sealed partial class TypedValuesJsonContext : JsonSerializerContext;
