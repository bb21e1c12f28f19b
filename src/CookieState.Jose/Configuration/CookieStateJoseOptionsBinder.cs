using System.Globalization;
using CookieState.Configuration;
using Microsoft.Extensions.Configuration;
using static CookieState.Configuration.CookieStateOptionsBinder;

namespace CookieState.Jose.Configuration;

/// <summary>
/// Binds <see cref="CookieStateJoseOptions"/> from configuration by hand, trim- and AOT-safe, reading the keys and text the
/// reflection binder would: names without regard to case, invariant culture, enums by name or number, an empty value
/// clearing a nullable date. Absent keys leave the option as it was; unknown keys are ignored; text that does not convert
/// fails with the key's path. <c>CookieStateJoseOptionsBinderTests</c> fails for any public settable option missed here.
/// </summary>
internal static class CookieStateJoseOptionsBinder
{
    public static void Bind(IConfiguration configuration, CookieStateJoseOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);

        BindEnum<CookieStateJoseMode>(configuration, nameof(CookieStateJoseOptions.Mode), value => options.Mode = value);
        BindString(configuration, nameof(CookieStateJoseOptions.PrimaryKeyId), value => options.PrimaryKeyId = value);
        BindString(configuration, nameof(CookieStateJoseOptions.Audience), value => options.Audience = value);

        // Items are appended, as the reflection binder does; unlike it, an item with a value that does not convert fails
        // with its key rather than being skipped, so a mistyped date cannot silently drop a key.
        foreach (var item in configuration.GetSection(nameof(CookieStateJoseOptions.Keys)).GetChildren())
        {
            var key = new CookieStateJoseKey();
            BindString(item, nameof(CookieStateJoseKey.Id), value => key.Id = value);
            BindString(item, nameof(CookieStateJoseKey.Key), value => key.Key = value);
            BindNullableDateTimeOffset(item, nameof(CookieStateJoseKey.NotBefore), value => key.NotBefore = value);
            BindNullableDateTimeOffset(item, nameof(CookieStateJoseKey.NotAfter), value => key.NotAfter = value);
            options.Keys.Add(key);
        }
    }

    private static void BindNullableDateTimeOffset(IConfiguration configuration, string key, Action<DateTimeOffset?> assign)
    {
        if (configuration.GetSection(key).Value is { Length: 0 })
        {
            assign(null);
            return;
        }

        CookieStateOptionsBinder.Bind(configuration, key, assign, "a date and time such as 2027-01-01T00:00:00Z", TryParseDateTimeOffset);
    }

    // As the type converter the reflection binder uses: trimmed, invariant, and blank text is the minimum value.
    private static bool TryParseDateTimeOffset(string text, out DateTimeOffset? value)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            value = DateTimeOffset.MinValue;
            return true;
        }

        var parsed = DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.None, out var result);
        value = result;
        return parsed;
    }
}
