using CookieState;
using CookieState.Configuration;
using CookieState.Cookies;
using CookieState.Diagnostics;
using CookieState.KeyPickup;
using CookieState.Lifetime;
using CookieState.Persistence;
using CookieState.Protection;
using CookieState.Protection.DataProtection;
using CookieState.Protection.Envelope;
using CookieState.Revocation;
using CookieState.Session;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement.Internal;
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

        services.AddOptions<CookieStateOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<CookieStateOptions>, CookieStateNamePostConfigure>());
        services.AddOptions<CookieStateRevocationOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CookieStateOptions>, CookieStateOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CookieStateOptions>, RegisteredFormatValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CookieStateRevocationOptions>, CookieStateRevocationOptionsValidator>());
        services.AddDataProtection();
        services.AddUnknownKeyPickup();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CookieStateMetrics>();
        services.TryAddSingleton<LogRateLimiter>();

        // Cookies: the names and the attributes every chunk and deletion carries.
        services.TryAddSingleton(sp =>
        {
            var options = Options(sp);
            return new CookieNames(options.Cookie.Name!, options.MaxChunkCount);
        });
        services.TryAddSingleton(sp => new ResponseCookieWriter(Options(sp).Cookie, sp.GetRequiredService<CookieNames>()));

        // Protection: the key ring view, and one sealer and codec per format. Other formats come in their own packages
        // (AddCookieStateJose).
        services.TryAddSingleton(sp => new DataProtectionKeyRing(
            sp.GetRequiredService<IDataProtectionProvider>(), sp.GetRequiredService<IKeyRingProvider>(), UnknownKeyPickup.Create(sp), KeyRingRecheck.Create(sp)));
        services.TryAddSingleton(EnvelopeRandom.System);
        services.TryAddSingleton<DataKeyRing>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPayloadSealer, DataProtectionSealer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPayloadSealer, EnvelopeSealer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStateCodecProvider, DataProtectionCodecProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStateCodecProvider, EnvelopeCodecProvider>());
        services.TryAddSingleton<SessionFormats>();

        // The pipeline and the per-request session's collaborators.
        services.TryAddSingleton<SessionLifetime>();
        services.TryAddSingleton<PartitionLayout>();
        services.TryAddSingleton<SessionReader>();
        services.TryAddSingleton<SessionBudget>();
        services.TryAddSingleton<SessionWriter>();
        services.TryAddSingleton<RevocationGate>();
        services.TryAddSingleton<SessionServices>();
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

    /// <summary>
    /// Adds CookieState and binds its options from a configuration section such as <c>"CookieState"</c>, without reflection
    /// (safe under trimming and native AOT). Keys are the option names, nested <c>Cookie</c> and <c>Envelope</c> sections
    /// included (the JOSE format binds its own section: <c>AddCookieStateJose</c>), as the reflection binder would read them;
    /// absent keys keep their defaults, and a value that does not convert fails at startup naming its key. The
    /// <c>KeyPickup</c> subsection binds <see cref="CookieStateKeyPickupOptions"/>. <c>Events</c> cannot come from configuration: set it with
    /// <see cref="AddCookieState(IServiceCollection, Action{CookieStateOptions})"/>. CookieState reads its options once, at
    /// startup: a configuration change takes effect on restart.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the options, e.g. <c>builder.Configuration.GetSection("CookieState")</c>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddCookieState(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddSingleton<IConfigureOptions<CookieStateOptions>>(
            new ConfigureFromConfiguration<CookieStateOptions>(Microsoft.Extensions.Options.Options.DefaultName, configuration, CookieStateOptionsBinder.Bind));
        services.AddSingleton<IConfigureOptions<CookieStateKeyPickupOptions>>(new ConfigureFromConfiguration<CookieStateKeyPickupOptions>(
            Microsoft.Extensions.Options.Options.DefaultName, configuration.GetSection("KeyPickup"), CookieStateOptionsBinder.Bind));
        return services.AddCookieState();
    }

    private static CookieStateOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<CookieStateOptions>>().Value;
}
