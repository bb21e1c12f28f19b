using CookieState;
using CookieState.Lifetime;
using CookieState.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Keeps CookieState revocations in a Redis stream, replicated into every node's memory.</summary>
public static class CookieStateRedisRevocationExtensions
{
    /// <summary>
    /// Replicates revocations through a Redis stream: each node holds every live revocation in memory (no I/O when a request
    /// is checked), appends its own to the stream <c>{KeyPrefix}revocations</c> with Redis' clock (<c>TIME</c>), and reads
    /// what is new on a pub/sub notice and at least every half of <see cref="CookieStateRevocationOptions.MaxPropagationDelay"/>.
    /// An epoch key beside the stream tells nodes when Redis lost its history, and they re-append what they hold. Use the
    /// Redis the app's other shared state lives in, with persistence on (docs/farm.md).
    /// </summary>
    /// <param name="builder">The builder <c>AddCookieStateRevocation()</c> returned.</param>
    /// <param name="connection">The app's shared multiplexer.</param>
    /// <returns>The builder.</returns>
    public static CookieStateRevocationBuilder UseRedis(this CookieStateRevocationBuilder builder, IConnectionMultiplexer connection)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connection);

        return builder.UseRedis(_ => connection);
    }

    /// <summary>
    /// Replicates revocations through a Redis stream (see <see cref="UseRedis(CookieStateRevocationBuilder, IConnectionMultiplexer)"/>),
    /// with options: set <see cref="CookieStateRedisRevocationOptions.ImportFromDistributedCache"/> when moving a farm from the
    /// per-request <c>IDistributedCache</c> implementation, so that the revocations it recorded keep holding.
    /// </summary>
    /// <param name="builder">The builder <c>AddCookieStateRevocation()</c> returned.</param>
    /// <param name="connection">The app's shared multiplexer (for an import, the one the distributed cache uses).</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    public static CookieStateRevocationBuilder UseRedis(
        this CookieStateRevocationBuilder builder, IConnectionMultiplexer connection, Action<CookieStateRedisRevocationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(configure);

        return builder.UseRedis(_ => connection, configure);
    }

    /// <summary>Replicates revocations through a Redis stream, with options (see <see cref="UseRedis(CookieStateRevocationBuilder, IConnectionMultiplexer, Action{CookieStateRedisRevocationOptions})"/>), the multiplexer taken from the services.</summary>
    /// <param name="builder">The builder <c>AddCookieStateRevocation()</c> returned.</param>
    /// <param name="connection">Returns the app's shared multiplexer, once, when the replica starts.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    public static CookieStateRevocationBuilder UseRedis(
        this CookieStateRevocationBuilder builder,
        Func<IServiceProvider, IConnectionMultiplexer> connection,
        Action<CookieStateRedisRevocationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(configure);

        builder.Services.Configure(configure);
        return builder.UseRedis(connection);
    }

    /// <summary>Replicates revocations through a Redis stream (see <see cref="UseRedis(CookieStateRevocationBuilder, IConnectionMultiplexer)"/>), with the multiplexer taken from the services.</summary>
    /// <param name="builder">The builder <c>AddCookieStateRevocation()</c> returned.</param>
    /// <param name="connection">Returns the app's shared multiplexer, once, when the replica starts.</param>
    /// <returns>The builder.</returns>
    public static CookieStateRevocationBuilder UseRedis(this CookieStateRevocationBuilder builder, Func<IServiceProvider, IConnectionMultiplexer> connection)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connection);

        builder.Services.AddOptions<CookieStateRedisRevocationOptions>();
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<CookieStateRedisRevocationOptions>, CookieStateRedisRevocationOptionsValidator>());
        return builder.UseRevocationLog(services =>
        {
            var multiplexer = connection(services);
            var keyPrefix = services.GetRequiredService<IOptions<CookieStateRevocationOptions>>().Value.KeyPrefix;
            var options = services.GetRequiredService<IOptions<CookieStateRedisRevocationOptions>>().Value;
            var import = options.ImportFromDistributedCache
                ? new RedisCacheImport(
                    multiplexer,
                    options.InstanceName + (options.DistributedCacheKeyPrefix ?? keyPrefix),
                    options.ImportBatchSize,
                    services.GetRequiredService<ILoggerFactory>().CreateLogger(CookieStateDiagnostics.RevocationLogCategory))
                : null;
            return new RedisRevocationLog(
                multiplexer,
                keyPrefix,
                services.GetRequiredService<SessionLifetime>().RevocationRetention,
                import);
        });
    }
}
