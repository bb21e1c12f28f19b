using System.Text.Json;

namespace CookieState.Sample.Infrastructure;

/// <summary>
/// Stores small objects in the session as JSON. Every byte ends up in a cookie with CookieState, so keep what you
/// store compact: ids and numbers rather than whole product records.
/// </summary>
internal static class SessionJsonExtensions
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static T? GetJson<T>(this ISession session, string key)
        where T : class =>
        session.TryGetValue(key, out var bytes) ? JsonSerializer.Deserialize<T>(bytes, Options) : null;

    public static void SetJson<T>(this ISession session, string key, T value) =>
        session.Set(key, JsonSerializer.SerializeToUtf8Bytes(value, Options));
}
