using CookieState;
using CookieState.Configuration;
using CookieState.Revocation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers optional server-side revocation of CookieState sessions.</summary>
public static class CookieStateRevocationServiceCollectionExtensions
{
    /// <summary>
    /// Turns on revocation through the app's <c>IDistributedCache</c> (register one: a Redis or SQL Server cache on a farm;
    /// the memory cache forgets revocations on restart and is per node) and registers <see cref="ICookieStateRevocation"/>,
    /// unless another implementation is registered already. From then on <c>Abandon()</c> records the session id as
    /// revoked, and every request that carries session cookies costs one open and one or two store reads before the
    /// endpoint runs: the slow path. Chain <c>.UseRedis(…)</c> (package <c>CookieState.Redis</c>) or <c>.UsePostgreSql(…)</c>
    /// (package <c>CookieState.PostgreSql</c>) to keep a replica of every live revocation in each node's memory instead, so
    /// that checks cost no I/O (docs/security.md). Without revocation CookieState never touches a server.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>A builder to choose where revocations live.</returns>
    public static CookieStateRevocationBuilder AddCookieStateRevocation(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<CookieStateRevocationOptions>().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ICookieStateRevocation, DistributedCacheSessionRevocation>();
        return new CookieStateRevocationBuilder(services);
    }

    /// <summary>Turns on revocation (see <see cref="AddCookieStateRevocation(IServiceCollection)"/>) and configures it.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the revocation options.</param>
    /// <returns>A builder to choose where revocations live.</returns>
    public static CookieStateRevocationBuilder AddCookieStateRevocation(this IServiceCollection services, Action<CookieStateRevocationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.Configure(configure);
        return services.AddCookieStateRevocation();
    }

    /// <summary>
    /// Turns on revocation (see <see cref="AddCookieStateRevocation(IServiceCollection)"/>) and binds its options from a
    /// configuration section, without reflection: keys <c>KeyPrefix</c>, <c>FailureMode</c>, <c>Timeout</c>,
    /// <c>MaxPropagationDelay</c>, <c>MaxStaleness</c> and <c>MaxEntries</c>. Absent keys
    /// keep their defaults; a value that does not convert fails at startup naming its key. Read once, at startup.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the options, e.g. <c>builder.Configuration.GetSection("CookieStateRevocation")</c>.</param>
    /// <returns>A builder to choose where revocations live.</returns>
    public static CookieStateRevocationBuilder AddCookieStateRevocation(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddSingleton<IConfigureOptions<CookieStateRevocationOptions>>(new ConfigureFromConfiguration<CookieStateRevocationOptions>(
            Options.Options.DefaultName, configuration, CookieStateOptionsBinder.Bind));
        return services.AddCookieStateRevocation();
    }
}
