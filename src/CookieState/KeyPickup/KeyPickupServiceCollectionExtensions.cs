using CookieState.Configuration;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CookieState.KeyPickup;

/// <summary>Registers the unknown-key pickup: options, and the decoration of Data Protection's <see cref="IKeyManager"/>.</summary>
internal static class KeyPickupServiceCollectionExtensions
{
    /// <summary>
    /// Replaces the registered <see cref="IKeyManager"/> (Data Protection's <c>TryAddSingleton&lt;IKeyManager, XmlKeyManager&gt;</c>,
    /// or the app's own) with a <see cref="RefreshableKeyManager"/> around it. Data Protection's key ring provider receives its
    /// key manager from DI, so it receives the decorator. Must run after <c>AddDataProtection</c>; idempotent.
    /// </summary>
    public static IServiceCollection AddUnknownKeyPickup(this IServiceCollection services)
    {
        services.AddOptions<CookieStateKeyPickupOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CookieStateKeyPickupOptions>, CookieStateKeyPickupOptionsValidator>());

        if (services.Any(d => d.ServiceType == typeof(RefreshableKeyManager)))
        {
            return services;
        }

        var original = services.LastOrDefault(d => d.ServiceType == typeof(IKeyManager) && !d.IsKeyedService);
        if (original is null || original.Lifetime != ServiceLifetime.Singleton)
        {
            // Nothing we can wrap safely; the pickup reports itself unavailable when the protector is built.
            return services;
        }

        services.AddSingleton(sp => CreateDecorator(sp, original));
        services.Replace(ServiceDescriptor.Singleton<IKeyManager>(sp => sp.GetRequiredService<RefreshableKeyManager>()));
        return services;
    }

    private static RefreshableKeyManager CreateDecorator(IServiceProvider services, ServiceDescriptor original)
    {
        if (original.ImplementationInstance is IKeyManager instance)
        {
            return new RefreshableKeyManager(instance, ownsInner: false);
        }

        var inner = original.ImplementationFactory is { } factory
            ? (IKeyManager)factory(services)
            : (IKeyManager)ActivatorUtilities.CreateInstance(services, original.ImplementationType!);
        return new RefreshableKeyManager(inner, ownsInner: true);
    }
}
