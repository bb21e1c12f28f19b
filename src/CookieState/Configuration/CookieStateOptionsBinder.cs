using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace CookieState.Configuration;

/// <summary>
/// Binds CookieState's options types from configuration by hand, the one place that knows the configuration keys:
/// <see cref="CookieStateOptions"/>, <see cref="CookieStateKeyPickupOptions"/>, <see cref="CookieStateRevocationOptions"/>,
/// <see cref="CookieStateMigrationOptions"/> and <see cref="CookieStateHealthCheckOptions"/>.
/// </summary>
/// <remarks>
/// <para>
/// The reflection binder (<c>services.Configure&lt;T&gt;(IConfiguration)</c>) is neither trim- nor AOT-safe, and the
/// configuration binding source generator cannot bind <see cref="CookieBuilder"/> or the delegate-typed
/// <see cref="CookieStateOptions.Events"/>. This binder reads the same keys and text as the reflection binder: property
/// names without regard to case, invariant culture, enums by name (any case) or number, time spans as <c>hh:mm:ss</c> or
/// <c>d.hh:mm:ss</c>, an empty value clearing a nullable option. Absent keys, and keys whose value is null, leave the
/// option as it was (the reflection binder resets the latter to the type's default, e.g. <c>HttpOnly</c> to false);
/// unknown keys are ignored; text that does not convert fails with the key's path. <c>Events</c> is set in code only.
/// </para>
/// <para>
/// Adding an option means adding its line here; a new subsection gets its own <c>Bind…</c> method, a new options type its
/// own <see cref="Bind(IConfiguration, CookieStateOptions)"/> overload. <c>CookieStateOptionsBinderTests</c> fails for any
/// public settable option this binder misses.
/// </para>
/// </remarks>
internal static class CookieStateOptionsBinder
{
    public static void Bind(IConfiguration configuration, CookieStateOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);

        BindTimeSpan(configuration, nameof(CookieStateOptions.IdleTimeout), value => options.IdleTimeout = value);
        BindNullableTimeSpan(configuration, nameof(CookieStateOptions.MaxIdleTimeout), value => options.MaxIdleTimeout = value);
        BindTimeSpan(configuration, nameof(CookieStateOptions.MaxClockSkew), value => options.MaxClockSkew = value);
        BindTimeSpan(configuration, nameof(CookieStateOptions.AbsoluteTimeout), value => options.AbsoluteTimeout = value);
        BindDouble(configuration, nameof(CookieStateOptions.RefreshThreshold), value => options.RefreshThreshold = value);
        BindBoolean(configuration, nameof(CookieStateOptions.RefreshUntouchedSessions), value => options.RefreshUntouchedSessions = value);
        BindEnum<CookieStateFormat>(configuration, nameof(CookieStateOptions.Format), value => options.Format = value);
        BindInt32(configuration, nameof(CookieStateOptions.ChunkSize), value => options.ChunkSize = value);
        BindInt32(configuration, nameof(CookieStateOptions.MaxCookieSize), value => options.MaxCookieSize = value);
        BindInt32(configuration, nameof(CookieStateOptions.MaxChunkCount), value => options.MaxChunkCount = value);
        BindInt32(configuration, nameof(CookieStateOptions.MaxKeyCount), value => options.MaxKeyCount = value);
        BindInt32(configuration, nameof(CookieStateOptions.MaxKeyLength), value => options.MaxKeyLength = value);
        BindBoolean(configuration, nameof(CookieStateOptions.BufferResponse), value => options.BufferResponse = value);
        BindInt64(configuration, nameof(CookieStateOptions.ResponseBufferLimit), value => options.ResponseBufferLimit = value);
        BindEnum<CookieStateCompression>(configuration, nameof(CookieStateOptions.Compression), value => options.Compression = value);
        BindInt32(configuration, nameof(CookieStateOptions.MaxDecompressedSize), value => options.MaxDecompressedSize = value);
        BindInt32(configuration, nameof(CookieStateOptions.PaddingBucket), value => options.PaddingBucket = value);
        BindBoolean(configuration, nameof(CookieStateOptions.WriteLegacyHeader), value => options.WriteLegacyHeader = value);
        BindNullableTimeSpan(configuration, nameof(CookieStateOptions.MaxPersistentLifetime), value => options.MaxPersistentLifetime = value);

        BindString(configuration, nameof(CookieStateOptions.ApplicationDiscriminator), value => options.ApplicationDiscriminator = value);

        // Items are appended, as the reflection binder does.
        var readFormats = configuration.GetSection(nameof(CookieStateOptions.ReadFormats));
        foreach (var item in readFormats.GetChildren())
        {
            BindEnum<CookieStateFormat>(readFormats, item.Key, options.ReadFormats.Add);
        }

        BindCookie(configuration.GetSection(nameof(CookieStateOptions.Cookie)), options.Cookie);
        BindPartitions(configuration.GetSection(nameof(CookieStateOptions.Partitions)), options.Partitions);

        var envelope = configuration.GetSection(nameof(CookieStateOptions.Envelope));
        if (envelope.Exists())
        {
            BindEnvelope(envelope, options.Envelope ??= new CookieStateEnvelopeOptions());
        }
    }

    public static void Bind(IConfiguration configuration, CookieStateKeyPickupOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);

        BindBoolean(configuration, nameof(CookieStateKeyPickupOptions.Enabled), value => options.Enabled = value);
        BindTimeSpan(configuration, nameof(CookieStateKeyPickupOptions.MinLookupInterval), value => options.MinLookupInterval = value);
        BindTimeSpan(configuration, nameof(CookieStateKeyPickupOptions.ReloadTimeout), value => options.ReloadTimeout = value);
        BindTimeSpan(configuration, nameof(CookieStateKeyPickupOptions.UnknownKeyMemory), value => options.UnknownKeyMemory = value);
        BindInt32(configuration, nameof(CookieStateKeyPickupOptions.MaxRememberedUnknownKeys), value => options.MaxRememberedUnknownKeys = value);
    }

    public static void Bind(IConfiguration configuration, CookieStateRevocationOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);

        BindString(configuration, nameof(CookieStateRevocationOptions.KeyPrefix), value => options.KeyPrefix = value);
        BindEnum<CookieStateRevocationFailureMode>(configuration, nameof(CookieStateRevocationOptions.FailureMode), value => options.FailureMode = value);
        BindTimeSpan(configuration, nameof(CookieStateRevocationOptions.Timeout), value => options.Timeout = value);
        BindTimeSpan(configuration, nameof(CookieStateRevocationOptions.MaxPropagationDelay), value => options.MaxPropagationDelay = value);
        BindTimeSpan(configuration, nameof(CookieStateRevocationOptions.MaxStaleness), value => options.MaxStaleness = value);
        BindInt32(configuration, nameof(CookieStateRevocationOptions.MaxEntries), value => options.MaxEntries = value);
    }

    public static void Bind(IConfiguration configuration, CookieStateMigrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);

        BindCookie(configuration.GetSection(nameof(CookieStateMigrationOptions.Cookie)), options.Cookie);
        BindBoolean(configuration, nameof(CookieStateMigrationOptions.RemoveImportedSessions), value => options.RemoveImportedSessions = value);
        BindTimeSpan(configuration, nameof(CookieStateMigrationOptions.Timeout), value => options.Timeout = value);
    }

    public static void Bind(IConfiguration configuration, CookieStateHealthCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);

        BindTimeSpan(configuration, nameof(CookieStateHealthCheckOptions.KeyExpirationWindow), value => options.KeyExpirationWindow = value);
        BindBoolean(configuration, nameof(CookieStateHealthCheckOptions.CheckRevocationStore), value => options.CheckRevocationStore = value);
        BindBoolean(configuration, nameof(CookieStateHealthCheckOptions.IncludeErrorDetails), value => options.IncludeErrorDetails = value);
    }

    private static void BindPartitions(IConfigurationSection section, IList<string> partitions)
    {
        // Indexed children (Partitions:0, Partitions:1 …) are added to what code configured, as the reflection binder adds
        // to a list property it cannot replace; the validator refuses a name listed twice.
        var children = section.GetChildren()
            .Select(child => (Index: int.TryParse(child.Key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) ? index : -1, child.Value))
            .ToList();
        if (children.Count == 0)
        {
            return;
        }

        if (children.Exists(child => child.Index < 0 || child.Value is null))
        {
            throw new InvalidOperationException(
                "Configuration key 'CookieState:Partitions' must be a list of names (Partitions:0=cart, Partitions:1=prefs).");
        }

        foreach (var (_, value) in children.OrderBy(child => child.Index))
        {
            partitions.Add(value!);
        }
    }

    private static void BindCookie(IConfigurationSection section, CookieBuilder cookie)
    {
        BindString(section, nameof(CookieBuilder.Name), value => cookie.Name = value);
        BindString(section, nameof(CookieBuilder.Path), value => cookie.Path = value);
        BindString(section, nameof(CookieBuilder.Domain), value => cookie.Domain = value);
        BindBoolean(section, nameof(CookieBuilder.HttpOnly), value => cookie.HttpOnly = value);
        BindEnum<SameSiteMode>(section, nameof(CookieBuilder.SameSite), value => cookie.SameSite = value);
        BindEnum<CookieSecurePolicy>(section, nameof(CookieBuilder.SecurePolicy), value => cookie.SecurePolicy = value);
        BindBoolean(section, nameof(CookieBuilder.IsEssential), value => cookie.IsEssential = value);
        BindNullableTimeSpan(section, nameof(CookieBuilder.Expiration), value => cookie.Expiration = value);
        BindNullableTimeSpan(section, nameof(CookieBuilder.MaxAge), value => cookie.MaxAge = value);

        // As the reflection binder does with a collection: the configured items are added to those already there.
        foreach (var item in section.GetSection(nameof(CookieBuilder.Extensions)).GetChildren())
        {
            if (item.Value is { } extension)
            {
                cookie.Extensions.Add(extension);
            }
        }
    }

    private static void BindEnvelope(IConfigurationSection section, CookieStateEnvelopeOptions envelope)
    {
        BindTimeSpan(section, nameof(CookieStateEnvelopeOptions.DataKeyLifetime), value => envelope.DataKeyLifetime = value);
        BindInt64(section, nameof(CookieStateEnvelopeOptions.DataKeyMaxSeals), value => envelope.DataKeyMaxSeals = value);
        BindTimeSpan(section, nameof(CookieStateEnvelopeOptions.DataKeyCacheLifetime), value => envelope.DataKeyCacheLifetime = value);
        BindInt32(section, nameof(CookieStateEnvelopeOptions.DataKeyCacheSize), value => envelope.DataKeyCacheSize = value);
        BindBoolean(section, nameof(CookieStateEnvelopeOptions.ReadV1DataKeys), value => envelope.ReadV1DataKeys = value);
        BindInt32(section, nameof(CookieStateEnvelopeOptions.WriteDataKeyVersion), value => envelope.WriteDataKeyVersion = value);
    }

    internal static void BindString(IConfiguration configuration, string key, Action<string> assign)
    {
        var section = configuration.GetSection(key);
        if (section.Value is not { } text)
        {
            return;
        }

        try
        {
            assign(text);
        }
        catch (ArgumentException error)
        {
            // CookieBuilder.Name refuses an empty name: say which key held it.
            throw new InvalidOperationException($"The configuration value at '{section.Path}' is not valid: {error.Message}", error);
        }
    }

    private static void BindBoolean(IConfiguration configuration, string key, Action<bool> assign) =>
        Bind(configuration, key, assign, "true or false", static (string text, out bool value) => bool.TryParse(text, out value));

    private static void BindInt32(IConfiguration configuration, string key, Action<int> assign) =>
        Bind(configuration, key, assign, "a whole number",
            static (string text, out int value) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value));

    private static void BindInt64(IConfiguration configuration, string key, Action<long> assign) =>
        Bind(configuration, key, assign, "a whole number",
            static (string text, out long value) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value));

    private static void BindDouble(IConfiguration configuration, string key, Action<double> assign) =>
        Bind(configuration, key, assign, "a number such as 0.5",
            static (string text, out double value) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value));

    private static void BindTimeSpan(IConfiguration configuration, string key, Action<TimeSpan> assign) =>
        Bind(configuration, key, assign, "a time span such as 00:20:00", TryParseTimeSpan);

    private static void BindNullableTimeSpan(IConfiguration configuration, string key, Action<TimeSpan?> assign)
    {
        // An empty value clears the option, as the reflection binder does for nullable types.
        if (configuration.GetSection(key).Value is { Length: 0 })
        {
            assign(null);
            return;
        }

        BindTimeSpan(configuration, key, value => assign(value));
    }

    internal static void BindEnum<TEnum>(IConfiguration configuration, string key, Action<TEnum> assign)
        where TEnum : struct, Enum =>
        Bind(configuration, key, assign, "one of " + string.Join(", ", Enum.GetNames<TEnum>()),
            static (string text, out TEnum value) => Enum.TryParse(text, ignoreCase: true, out value));

    private static bool TryParseTimeSpan(string text, out TimeSpan value) =>
        TimeSpan.TryParse(text.Trim(), CultureInfo.InvariantCulture, out value);

    /// <summary>Binds one value with <paramref name="parse"/>; text it refuses fails naming the key's path and what was expected.</summary>
    internal static void Bind<T>(IConfiguration configuration, string key, Action<T> assign, string expected, TryParse<T> parse)
    {
        var section = configuration.GetSection(key);
        if (section.Value is not { } text)
        {
            return;
        }

        if (!parse(text, out var value))
        {
            throw new InvalidOperationException(
                $"Failed to convert configuration value '{text}' at '{section.Path}' to type '{typeof(T)}': expected {expected}.");
        }

        assign(value);
    }

    internal delegate bool TryParse<T>(string text, out T value);
}
