using CookieState;
using CookieState.Configuration;
using CookieState.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers CookieState's health check: <c>services.AddHealthChecks().AddCookieState()</c>.</summary>
public static class CookieStateHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds the CookieState health check under the name <see cref="CookieStateDiagnostics.HealthCheckName"/>, with the
    /// default options. It reports <see cref="HealthStatus.Unhealthy"/> when sessions fail now (no usable default key; the
    /// revocation store down while <see cref="CookieStateRevocationFailureMode.FailClosed"/>) and
    /// <see cref="HealthStatus.Degraded"/> when they work but need an operator (keys run out within
    /// <see cref="CookieStateHealthCheckOptions.KeyExpirationWindow"/>; the key store unreadable; the revocation store down
    /// while <see cref="CookieStateRevocationFailureMode.FailOpen"/>). See docs/operations.md.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <returns>The health checks builder.</returns>
    public static IHealthChecksBuilder AddCookieState(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        return builder.AddCookieState(CookieStateDiagnostics.HealthCheckName);
    }

    /// <summary>Adds the CookieState health check (see <see cref="AddCookieState(IHealthChecksBuilder)"/>) and configures it.</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="configure">Configures the check's options.</param>
    /// <returns>The health checks builder.</returns>
    public static IHealthChecksBuilder AddCookieState(this IHealthChecksBuilder builder, Action<CookieStateHealthCheckOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        return builder.AddCookieState(CookieStateDiagnostics.HealthCheckName, configure: configure);
    }

    /// <summary>
    /// Adds the CookieState health check (see <see cref="AddCookieState(IHealthChecksBuilder)"/>) and binds its options from
    /// a configuration section, without reflection: keys <c>KeyExpirationWindow</c> and <c>CheckRevocationStore</c>. Absent
    /// keys keep their defaults; a value that does not convert fails at startup naming its key. Read once, at startup.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <returns>The health checks builder.</returns>
    public static IHealthChecksBuilder AddCookieState(this IHealthChecksBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);

        builder.Services.AddSingleton<IConfigureOptions<CookieStateHealthCheckOptions>>(new ConfigureFromConfiguration<CookieStateHealthCheckOptions>(
            CookieStateDiagnostics.HealthCheckName, configuration, CookieStateOptionsBinder.Bind));
        return builder.AddCookieState(CookieStateDiagnostics.HealthCheckName);
    }

    /// <summary>
    /// Adds the CookieState health check (see <see cref="AddCookieState(IHealthChecksBuilder)"/>) under a name of its own,
    /// so that an app can register it twice, say once with tag <c>live</c> and the revocation store left out, once with
    /// tag <c>ready</c>. Options are kept per name.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The name of the check in health reports.</param>
    /// <param name="failureStatus">
    /// The status reported when sessions fail now. Default (<see langword="null"/>): <see cref="HealthStatus.Unhealthy"/>.
    /// Warnings are reported as <see cref="HealthStatus.Degraded"/>, never as worse than this.
    /// </param>
    /// <param name="tags">Tags to filter checks by, e.g. in <c>MapHealthChecks</c>. Default: none.</param>
    /// <param name="configure">Configures the check's options. Default: none, so the defaults apply.</param>
    /// <returns>The health checks builder.</returns>
    public static IHealthChecksBuilder AddCookieState(
        this IHealthChecksBuilder builder,
        string name,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        Action<CookieStateHealthCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        var options = builder.Services.AddOptions<CookieStateHealthCheckOptions>(name).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<CookieStateHealthCheckOptions>, CookieStateHealthCheckOptionsValidator>());

        // One key ring view per app, whatever the number of registrations: its cached key list is what spares the store.
        builder.Services.TryAddSingleton(services => new KeyRingHealth(services));
        builder.Services.TryAddSingleton(services => new RevocationHealth(services));
        return builder.Add(new HealthCheckRegistration(
            name,
            services => new CookieStateHealthCheck(
                services.GetRequiredService<KeyRingHealth>(),
                services.GetRequiredService<RevocationHealth>(),
                services.GetRequiredService<IOptionsMonitor<CookieStateHealthCheckOptions>>().Get(name)),
            failureStatus,
            tags));
    }
}
