using CookieState;
using CookieState.Revocation;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
}
