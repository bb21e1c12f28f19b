using System.Globalization;
using CookieState.Revocation.Replica;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CookieState.HealthChecks;

/// <summary>
/// The revocation half of the health check: when revocation is on, does its store answer one read within the timeout a
/// request would give it? The severity of a failure follows <see cref="CookieStateRevocationOptions.FailureMode"/>, because
/// that decides what requests do meanwhile.
/// </summary>
internal sealed class RevocationHealth
{
    // Any well-formed id will do: only whether the store answers counts, not what it says.
    private static readonly string ProbeSessionId = Guid.Empty.ToString();

    private readonly ICookieStateRevocation? _revocation;
    private readonly IOptions<CookieStateRevocationOptions>? _options;
    private readonly TimeProvider _timeProvider;

    public RevocationHealth(IServiceProvider services)
    {
        _revocation = services.GetService<ICookieStateRevocation>();
        _options = services.GetService<IOptions<CookieStateRevocationOptions>>();
        _timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
    }

    public async Task CheckAsync(bool probe, HealthFindings findings, CancellationToken cancellationToken)
    {
        if (_revocation is null)
        {
            findings.Data["revocation"] = "off";
            return;
        }

        if (_revocation is RevocationReplica replica)
        {
            // A replica answers from memory, so there is nothing to probe: its state is the finding.
            ReportReplica(replica, findings);
            return;
        }

        if (!probe)
        {
            findings.Data["revocation"] = "not checked";
            return;
        }

        var options = _options?.Value ?? new CookieStateRevocationOptions();
        findings.Data["revocationFailureMode"] = options.FailureMode.ToString();
        using var timeout = new CancellationTokenSource(options.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await _revocation.IsRevokedAsync(ProbeSessionId, linked.Token);
            findings.Data["revocation"] = "answered";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            findings.Data["revocation"] = "failed";
            var what = timeout.IsCancellationRequested
                ? string.Create(CultureInfo.InvariantCulture, $"did not answer within {options.Timeout}")
                : $"failed{findings.Detail(ex)}";
            if (options.FailureMode == CookieStateRevocationFailureMode.FailOpen)
            {
                findings.Report(HealthSeverity.Degraded,
                    $"The revocation store {what}: sessions work, but revoked cookies are accepted until it answers (FailOpen).", ex);
            }
            else
            {
                findings.Report(HealthSeverity.Failed,
                    $"The revocation store {what}: every session is unavailable until it answers (FailClosed).", ex);
            }
        }
    }

    /// <summary>A replica that cannot vouch for sessions (loading, stale, over its cap) fails the check, with the reason.</summary>
    public static void ReportReplica(RevocationReplica replica, HealthFindings findings)
    {
        findings.Data["revocation"] = "replica";
        findings.Data["revocationReplicaStatus"] = replica.Status.ToString();
        findings.Data["revocationReplicaEntries"] = replica.Count;
        findings.Data["revocationReplicaUnsent"] = replica.Unsent;
        if (replica.UnavailableReason is { } reason)
        {
            findings.Report(HealthSeverity.Failed, reason);
        }
    }
}
