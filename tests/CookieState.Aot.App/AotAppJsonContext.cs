using System.Text.Json.Serialization;

namespace CookieState.Aot.App;

/// <summary>The JSON metadata of what the app keeps in the session, generated at compile time: no reflection at run time.</summary>
[JsonSerializable(typeof(Visits))]
internal sealed partial class AotAppJsonContext : JsonSerializerContext;
