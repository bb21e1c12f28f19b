using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CookieState.Tests.TypedValues.AppCode;

/// <summary>
/// An app's own JSON helpers with the library's method names (the CookieState sample had these), PascalCase so that
/// a test can see whose helper ran.
/// </summary>
public static class AppJsonSessionExtensions
{
    public static void SetJson<T>(this ISession session, string key, T value) =>
        session.Set(key, JsonSerializer.SerializeToUtf8Bytes(value));

    public static T? GetJson<T>(this ISession session, string key) =>
        session.TryGetValue(key, out var bytes) ? JsonSerializer.Deserialize<T>(bytes) : default;

    public static bool TryGetJson<T>(this ISession session, string key, [MaybeNullWhen(false)] out T value)
    {
        value = session.TryGetValue(key, out var bytes) ? JsonSerializer.Deserialize<T>(bytes) : default;
        return value is not null;
    }
}
