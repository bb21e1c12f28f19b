using CookieState;
using CookieState.Jose.Configuration;
using CookieState.Jose.Diagnostics;
using CookieState.Jose.Protection;
using CookieState.Protection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the JOSE format of CookieState (<see cref="CookieStateFormat.Jose"/>).</summary>
public static class CookieStateJoseServiceCollectionExtensions
{
    /// <summary>
    /// Adds the JOSE format: cookies in it are read once keys are configured, and written when
    /// <see cref="CookieStateOptions.Format"/> is <see cref="CookieStateFormat.Jose"/>. Call it beside <c>AddCookieState</c>;
    /// its options are validated at startup.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddCookieStateJose(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<CookieStateJoseOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CookieStateJoseOptions>, CookieStateJoseOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<JoseKeyRing>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPayloadSealer, JoseSealer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStateCodecProvider, JoseCodecProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, JoseStartupLog>());
        return services;
    }

    /// <summary>Adds the JOSE format and configures its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddCookieStateJose(this IServiceCollection services, Action<CookieStateJoseOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.Configure(configure);
        return services.AddCookieStateJose();
    }

    /// <summary>
    /// Adds the JOSE format and binds its options from a configuration section such as <c>"CookieState:Jose"</c>, without
    /// reflection (safe under trimming and native AOT): <c>Mode</c>, <c>PrimaryKeyId</c>, <c>Audience</c> and
    /// <c>Keys:0:Id</c>, <c>Keys:0:Key</c>, <c>Keys:0:NotBefore</c>, <c>Keys:0:NotAfter</c> and so on. Absent keys keep
    /// their defaults, and a value that does not convert fails at startup naming its key. Keys are read once, at startup.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the options, e.g. <c>builder.Configuration.GetSection("CookieState:Jose")</c>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddCookieStateJose(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<CookieStateJoseOptions>().Configure(options => CookieStateJoseOptionsBinder.Bind(configuration, options));
        return services.AddCookieStateJose();
    }
}
