using CookieState;
using CookieState.Configuration;
using CookieState.Migration;
using CookieState.Protection.DataProtection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the migration from ASP.NET Core's built-in session (<c>AddSession()</c>) to CookieState.</summary>
public static class CookieStateMigrationServiceCollectionExtensions
{
    /// <summary>
    /// Turns on migration mode: a request that carries the built-in session cookie and no CookieState cookie has its
    /// built-in session imported once (read from the registered <c>IDistributedCache</c>, which must be the one the built-in
    /// session used, with the same Data Protection key ring and application name), gets CookieState cookies and loses the
    /// old cookie, and the imported entry is removed from the cache. Without this call CookieState never reads the old
    /// cookie and never touches the cache for it. See docs/migration.md.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddCookieStateMigration(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<CookieStateMigrationOptions>().ValidateOnStart();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<CookieStateMigrationOptions>, CookieStateMigrationOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new BuiltInSessionCookie(sp.GetRequiredService<IDataProtectionProvider>(), sp.GetRequiredService<DataProtectionKeyRing>()));
        services.TryAddSingleton(sp => new BuiltInSessionStore(
            sp.GetService<IDistributedCache>() ?? throw new InvalidOperationException(
                "AddCookieStateMigration() imports built-in sessions from the IDistributedCache they live in, and none is " +
                "registered. Register the cache the built-in session used (AddStackExchangeRedisCache, " +
                "AddDistributedSqlServerCache, ...)."),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<SessionMigrator>();
        return services;
    }

    /// <summary>Turns on migration mode (see <see cref="AddCookieStateMigration(IServiceCollection)"/>) and configures it.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the migration options, e.g. the built-in session's cookie name.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddCookieStateMigration(
        this IServiceCollection services, Action<CookieStateMigrationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.Configure(configure);
        return services.AddCookieStateMigration();
    }

    /// <summary>
    /// Turns on migration mode (see <see cref="AddCookieStateMigration(IServiceCollection)"/>) and binds its options from a
    /// configuration section, without reflection: keys <c>RemoveImportedSessions</c>, <c>Timeout</c> and the <c>Cookie</c>
    /// subsection (<c>Name</c>, <c>Path</c>, <c>Domain</c>, <c>SecurePolicy</c>, ...). Absent keys keep their defaults; a value
    /// that does not convert fails at startup naming its key. Read once, at startup.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the options, e.g. <c>builder.Configuration.GetSection("CookieStateMigration")</c>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddCookieStateMigration(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddSingleton<IConfigureOptions<CookieStateMigrationOptions>>(new ConfigureFromConfiguration<CookieStateMigrationOptions>(
            Options.Options.DefaultName, configuration, CookieStateOptionsBinder.Bind));
        return services.AddCookieStateMigration();
    }
}
