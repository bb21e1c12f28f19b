using CookieState.PostgreSql;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.DataProtection;

/// <summary>
/// Registers PostgreSQL as the store of the Data Protection key ring.
/// </summary>
public static class PostgreSqlDataProtectionBuilderExtensions
{
    /// <summary>
    /// Stores the key ring in the table <c>public.cookiestate_dataprotection_keys</c> of the database
    /// named by <paramref name="connectionString"/>, creating the table if missing.
    /// </summary>
    /// <param name="builder">The Data Protection builder.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IDataProtectionBuilder PersistKeysToPostgreSql(this IDataProtectionBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        return builder.PersistKeysToPostgreSql(options => options.ConnectionString = connectionString);
    }

    /// <summary>
    /// Stores the key ring in PostgreSQL as configured by <paramref name="configure"/>, creating the
    /// schema and table if missing. Also registers a hosted service that reads the key ring while the
    /// host starts, so an unreachable database fails the node at startup.
    /// </summary>
    /// <param name="builder">The Data Protection builder.</param>
    /// <param name="configure">Sets the connection string and, optionally, schema and table name.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="ArgumentException">The configured options are incomplete or the connection string is malformed.</exception>
    public static IDataProtectionBuilder PersistKeysToPostgreSql(this IDataProtectionBuilder builder, Action<PostgreSqlKeyRingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        var configured = new PostgreSqlKeyRingOptions();
        configure(configured);

        // Copy so later changes to the configured instance cannot retarget a running repository,
        // and validate now so a typo fails at registration rather than on the first request.
        var options = new PostgreSqlKeyRingOptions
        {
            ConnectionString = configured.ConnectionString,
            Schema = configured.Schema,
            TableName = configured.TableName,
        };
        PostgreSqlXmlRepository.Validate(options);

        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
        {
            var loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
            return new ConfigureOptions<KeyManagementOptions>(keyManagement =>
                keyManagement.XmlRepository = new PostgreSqlXmlRepository(options, loggerFactory));
        });
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgreSqlKeyRingStartupCheck>());

        return builder;
    }
}
