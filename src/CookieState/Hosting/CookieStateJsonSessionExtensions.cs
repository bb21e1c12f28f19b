using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Microsoft.AspNetCore.Http;

/// <summary>
/// Typed session values as UTF-8 JSON, for any <see cref="ISession"/>: CookieState's and ASP.NET Core's own alike.
/// </summary>
/// <remarks>
/// <para>
/// The overloads that take a <see cref="JsonTypeInfo{T}"/> are trim- and native-AOT-safe: pass the type's metadata from a
/// source-generated <c>JsonSerializerContext</c>, e.g. <c>session.SetJson("cart", cart, ShopJson.Default.Cart)</c>. Those
/// without it serialize through reflection, with <see cref="JsonSerializerOptions.Web"/> unless options are given.
/// </para>
/// <para>
/// The names differ on purpose from the <c>Set&lt;T&gt;</c>/<c>Get&lt;T&gt;</c> helpers that many apps copied from the
/// ASP.NET Core documentation, so both can be in scope without an ambiguous call. Both store the value's UTF-8 JSON, and
/// these read what those wrote: web options match property names without regard to case.
/// </para>
/// <para>
/// With CookieState every stored byte rides in a cookie on every request: keep values small (ids and numbers rather than
/// whole records). A value that is present but is not valid JSON for the requested type (say, after the type changed in
/// a deploy) throws <see cref="JsonException"/> from the getters rather than reading as absent.
/// </para>
/// </remarks>
public static class CookieStateJsonSessionExtensions
{
    private const string ReflectionJson =
        "JSON serialization of an arbitrary type uses reflection, which trimming and native AOT cannot follow. " +
        "Pass the JsonTypeInfo<T> of a source-generated JsonSerializerContext instead.";

    // The options are optional so that an app's own SetJson/GetJson/TryGetJson helper without them stays the better
    // overload rather than an ambiguous one (CS0121); the JsonTypeInfo overloads are a separate family, as in JsonSerializer.
    private const string OptionalOptions = "Keeps apps' own JSON helpers of the same name unambiguous.";

    /// <summary>
    /// Stores <paramref name="value"/> under <paramref name="key"/> as UTF-8 JSON described by <paramref name="jsonTypeInfo"/>.
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="session">The session.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value; <see langword="null"/> is stored as JSON <c>null</c>.</param>
    /// <param name="jsonTypeInfo">The metadata of <typeparamref name="T"/>, from a source-generated <c>JsonSerializerContext</c>.</param>
    public static void SetJson<T>(this ISession session, string key, T value, JsonTypeInfo<T> jsonTypeInfo)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(jsonTypeInfo);

        session.Set(key, JsonSerializer.SerializeToUtf8Bytes(value, jsonTypeInfo));
    }

    /// <summary>Reads the value stored under <paramref name="key"/> as JSON described by <paramref name="jsonTypeInfo"/>.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="session">The session.</param>
    /// <param name="key">The key.</param>
    /// <param name="jsonTypeInfo">The metadata of <typeparamref name="T"/>, from a source-generated <c>JsonSerializerContext</c>.</param>
    /// <returns>
    /// The value, or <see langword="default"/> when the key is absent (use
    /// <see cref="TryGetJson{T}(ISession, string, JsonTypeInfo{T}, out T)"/> to tell an absent key from a stored default).
    /// </returns>
    /// <exception cref="JsonException">The stored bytes are not valid JSON for <typeparamref name="T"/>.</exception>
    public static T? GetJson<T>(this ISession session, string key, JsonTypeInfo<T> jsonTypeInfo) =>
        session.TryGetJson(key, jsonTypeInfo, out var value) ? value : default;

    /// <summary>
    /// Reads the value stored under <paramref name="key"/> as JSON described by <paramref name="jsonTypeInfo"/>, if there is one.
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="session">The session.</param>
    /// <param name="key">The key.</param>
    /// <param name="jsonTypeInfo">The metadata of <typeparamref name="T"/>, from a source-generated <c>JsonSerializerContext</c>.</param>
    /// <param name="value">
    /// The value when the key is present (<see langword="null"/> if JSON <c>null</c> was stored); otherwise <see langword="default"/>.
    /// </param>
    /// <returns><see langword="true"/> when the key is present.</returns>
    /// <exception cref="JsonException">The stored bytes are not valid JSON for <typeparamref name="T"/>.</exception>
    public static bool TryGetJson<T>(this ISession session, string key, JsonTypeInfo<T> jsonTypeInfo, [MaybeNullWhen(false)] out T value)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(jsonTypeInfo);

        if (session.TryGetValue(key, out var bytes))
        {
            value = JsonSerializer.Deserialize(bytes, jsonTypeInfo)!;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> as UTF-8 JSON, serialized through reflection.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="session">The session.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value; <see langword="null"/> is stored as JSON <c>null</c>.</param>
    /// <param name="options">The serializer options. Default: <see cref="JsonSerializerOptions.Web"/> (camelCase names).</param>
    [RequiresUnreferencedCode(ReflectionJson)]
    [RequiresDynamicCode(ReflectionJson)]
    [SuppressMessage("ApiDesign", "RS0027", Justification = OptionalOptions)]
    public static void SetJson<T>(this ISession session, string key, T value, JsonSerializerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(key);

        session.Set(key, JsonSerializer.SerializeToUtf8Bytes(value, options ?? JsonSerializerOptions.Web));
    }

    /// <summary>Reads the value stored under <paramref name="key"/> as JSON, deserialized through reflection.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="session">The session.</param>
    /// <param name="key">The key.</param>
    /// <param name="options">
    /// The serializer options. Default: <see cref="JsonSerializerOptions.Web"/> (camelCase names, read without regard to case).
    /// </param>
    /// <returns>The value, or <see langword="default"/> when the key is absent.</returns>
    /// <exception cref="JsonException">The stored bytes are not valid JSON for <typeparamref name="T"/>.</exception>
    [RequiresUnreferencedCode(ReflectionJson)]
    [RequiresDynamicCode(ReflectionJson)]
    [SuppressMessage("ApiDesign", "RS0027", Justification = OptionalOptions)]
    public static T? GetJson<T>(this ISession session, string key, JsonSerializerOptions? options = null) =>
        session.TryGetJson<T>(key, out var value, options) ? value : default;

    /// <summary>
    /// Reads the value stored under <paramref name="key"/> as JSON, deserialized through reflection, if there is one.
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="session">The session.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">
    /// The value when the key is present (<see langword="null"/> if JSON <c>null</c> was stored); otherwise <see langword="default"/>.
    /// </param>
    /// <param name="options">
    /// The serializer options. Default: <see cref="JsonSerializerOptions.Web"/> (camelCase names, read without regard to case).
    /// </param>
    /// <returns><see langword="true"/> when the key is present.</returns>
    /// <exception cref="JsonException">The stored bytes are not valid JSON for <typeparamref name="T"/>.</exception>
    [RequiresUnreferencedCode(ReflectionJson)]
    [RequiresDynamicCode(ReflectionJson)]
    [SuppressMessage("ApiDesign", "RS0027", Justification = OptionalOptions)]
    public static bool TryGetJson<T>(
        this ISession session, string key, [MaybeNullWhen(false)] out T value, JsonSerializerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(key);

        if (session.TryGetValue(key, out var bytes))
        {
            value = JsonSerializer.Deserialize<T>(bytes, options ?? JsonSerializerOptions.Web)!;
            return true;
        }

        value = default;
        return false;
    }
}
