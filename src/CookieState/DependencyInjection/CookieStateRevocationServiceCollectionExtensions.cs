using CookieState;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers optional server-side revocation of CookieState sessions.</summary>
public static class CookieStateRevocationServiceCollectionExtensions
{
    /// <summary>
    /// Turns on revocation through the app's <c>IDistributedCache</c> (register one, e.g. <c>AddDistributedMemoryCache()</c>
    /// on a single node or a Redis cache on a farm) and registers <see cref="ICookieStateRevocation"/>. From then on
    /// <c>Abandon()</c> records the session id as revoked until its absolute expiry, and every request that carries session
    /// cookies costs one unprotect and one or two cache reads in the middleware before the endpoint runs. Without this call
    /// CookieState never touches the server.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the revocation options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddCookieStateRevocation(
        this IServiceCollection services, Action<CookieStateRevocationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var options = services.AddOptions<CookieStateRevocationOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DistributedCacheSessionRevocation>();
        services.TryAddSingleton<ICookieStateRevocation>(sp => sp.GetRequiredService<DistributedCacheSessionRevocation>());
        return services;
    }
}
