using CookieState.Revocation.Replica;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CookieState.HealthChecks;

/// <summary>
/// The readiness check a revocation replica registers (tag <c>ready</c>): Unhealthy while the replica loads, once it is
/// staler than <see cref="CookieStateRevocationOptions.MaxStaleness"/>, or over
/// <see cref="CookieStateRevocationOptions.MaxEntries"/>. Readiness rather than liveness: a node that is still loading
/// should get no traffic, not be restarted.
/// </summary>
internal sealed class RevocationReplicaHealthCheck : IHealthCheck
{
    public const string Name = "CookieState.RevocationReplica";

    private readonly RevocationReplica _replica;

    public RevocationReplicaHealthCheck(RevocationReplica replica)
    {
        _replica = replica;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);

        var findings = new HealthFindings();
        RevocationHealth.ReportReplica(_replica, findings);
        return Task.FromResult(findings.Severity == HealthSeverity.Healthy
            ? HealthCheckResult.Healthy("The revocation replica holds every live revocation.", findings.Data)
            : findings.ToResult(context.Registration.FailureStatus));
    }
}
