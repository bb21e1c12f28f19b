using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CookieState.HealthChecks;

/// <summary>
/// Whether this node can seal and open sessions now and for the configured window: a usable Data Protection default key
/// with keys to follow it, and, when revocation is on, a revocation store that answers. See docs/operations.md.
/// </summary>
internal sealed class CookieStateHealthCheck : IHealthCheck
{
    private readonly KeyRingHealth _keyRing;
    private readonly RevocationHealth _revocation;
    private readonly CookieStateHealthCheckOptions _options;

    public CookieStateHealthCheck(KeyRingHealth keyRing, RevocationHealth revocation, CookieStateHealthCheckOptions options)
    {
        _keyRing = keyRing;
        _revocation = revocation;
        _options = options;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);

        var findings = new HealthFindings(_options.IncludeErrorDetails);
        _keyRing.Check(_options.KeyExpirationWindow, findings);
        await _revocation.CheckAsync(_options.CheckRevocationStore, findings, cancellationToken);
        return findings.ToResult(context.Registration.FailureStatus);
    }
}
