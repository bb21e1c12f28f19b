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
    /// endpoint runs. Without revocation CookieState never touches a server.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddCookieStateRevocation(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<CookieStateRevocationOptions>().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ICookieStateRevocation, DistributedCacheSessionRevocation>();
        return services;
    }

    /// <summary>Turns on revocation (see <see cref="AddCookieStateRevocation(IServiceCollection)"/>) and configures it.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the revocation options.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddCookieStateRevocation(this IServiceCollection services, Action<CookieStateRevocationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.Configure(configure);
        return services.AddCookieStateRevocation();
    }

    /// <summary>
    /// Turns on revocation (see <see cref="AddCookieStateRevocation(IServiceCollection)"/>) and binds its options from a
    /// configuration section, without reflection: keys <c>KeyPrefix</c>, <c>FailureMode</c> and <c>Timeout</c>. Absent keys
    /// keep their defaults; a value that does not convert fails at startup naming its key. Read once, at startup.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the options, e.g. <c>builder.Configuration.GetSection("CookieStateRevocation")</c>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddCookieStateRevocation(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddSingleton<IConfigureOptions<CookieStateRevocationOptions>>(new ConfigureFromConfiguration<CookieStateRevocationOptions>(
            Options.Options.DefaultName, configuration, CookieStateOptionsBinder.Bind));
        return services.AddCookieStateRevocation();
    }
}
