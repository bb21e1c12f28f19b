using CookieState;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers CookieState, the cookie-held <c>ISession</c>.</summary>
public static class CookieStateServiceCollectionExtensions
{
    /// <summary>Adds CookieState with its default options.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddCookieState(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<CookieStateOptions>()
            .Validate(CookieStateOptionsValidation.IsValid, CookieStateOptionsValidation.Message)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CookieStateOptions>, CookiePrefixValidation>());
        services.AddDataProtection();
        services.AddUnknownKeyPickup();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CookieStateMetrics>();
        services.TryAddSingleton<ISessionPayloadProtector>(
            sp => new DataProtectionPayloadProtector(sp.GetRequiredService<IDataProtectionProvider>(), UnknownKeyPickup.Create(sp)));
        services.TryAddSingleton<SessionCookieStore>();
        return services;
    }

    /// <summary>Adds CookieState and configures its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddCookieState(this IServiceCollection services, Action<CookieStateOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.Configure(configure);
        return services.AddCookieState();
    }

    /// <summary>Adds CookieState and binds its options from a configuration section such as <c>"CookieState"</c>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the options, e.g. <c>builder.Configuration.GetSection("CookieState")</c>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddCookieState(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.Configure<CookieStateOptions>(configuration);
        return services.AddCookieState();
    }
}
