using CookieState;
using CookieState.HealthChecks;
using CookieState.Revocation.Replica;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The seam the engine packages plug their log into (internal: <c>CookieState.Redis</c> and <c>CookieState.PostgreSql</c>
/// see it, pinned to this exact core version, as <c>CookieState.Jose</c> does for the sealing seam).
/// </summary>
internal static class CookieStateRevocationReplicaExtensions
{
    /// <summary>
    /// Replaces the registered <see cref="ICookieStateRevocation"/> with a replica following <paramref name="log"/>, starts
    /// the service that keeps it current, and adds its readiness check (tag <c>ready</c>).
    /// </summary>
    public static CookieStateRevocationBuilder UseRevocationLog(this CookieStateRevocationBuilder builder, Func<IServiceProvider, IRevocationLog> log)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(log);

        var services = builder.Services;
        services.RemoveAll<IRevocationLog>();
        services.AddSingleton(log);
        services.TryAddSingleton<RevocationReplica>();
        services.Replace(ServiceDescriptor.Singleton<ICookieStateRevocation>(provider => provider.GetRequiredService<RevocationReplica>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RevocationReplicaService>());
        if (!services.Any(d => d.ServiceType == typeof(RevocationReplicaHealthCheck)))
        {
            services.AddSingleton<RevocationReplicaHealthCheck>();
            services.AddHealthChecks().AddCheck<RevocationReplicaHealthCheck>(RevocationReplicaHealthCheck.Name, tags: ["ready"]);
        }

        return builder;
    }
}
