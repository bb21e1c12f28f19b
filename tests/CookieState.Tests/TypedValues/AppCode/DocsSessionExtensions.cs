using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CookieState.Tests.TypedValues.AppCode;

/// <summary>
/// The <c>Set&lt;T&gt;</c>/<c>Get&lt;T&gt;</c> helper shape of the ASP.NET Core session documentation, which many apps
/// carry: JSON text through <c>SetString</c>, default (PascalCase) serializer options.
/// </summary>
public static class DocsSessionExtensions
{
    public static void Set<T>(this ISession session, string key, T value) =>
        session.SetString(key, JsonSerializer.Serialize(value));

    public static T? Get<T>(this ISession session, string key) =>
        session.GetString(key) is { } json ? JsonSerializer.Deserialize<T>(json) : default;
}
