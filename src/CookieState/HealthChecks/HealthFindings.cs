using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CookieState.HealthChecks;

/// <summary>What one run of the health check found: the worst severity, every reason in order, and data for dashboards.</summary>
internal sealed class HealthFindings
{
    private readonly List<string> _reasons = [];
    private readonly bool _includeErrorDetails;

    public HealthFindings(bool includeErrorDetails = false)
    {
        _includeErrorDetails = includeErrorDetails;
    }

    public HealthSeverity Severity { get; private set; }

    public Exception? Exception { get; private set; }

    public Dictionary<string, object> Data { get; } = new(StringComparer.Ordinal);

    public void Report(HealthSeverity severity, string reason, Exception? exception = null)
    {
        _reasons.Add(reason);
        if (severity > Severity)
        {
            Severity = severity;
        }

        Exception ??= exception;
    }

    /// <summary>
    /// " (message)" when the options allow exception messages in the description, else nothing: store messages name hosts
    /// and ports, which the logs may hold but a health response should not show by default.
    /// </summary>
    public string Detail(Exception exception) => _includeErrorDetails ? $" ({exception.Message})" : string.Empty;

    /// <summary>
    /// A failure takes the registration's failure status (Unhealthy unless the app chose otherwise); a warning is Degraded,
    /// or milder if the app made failures milder still, so a warning never outranks a failure.
    /// </summary>
    public HealthCheckResult ToResult(HealthStatus failureStatus)
    {
        var status = Severity switch
        {
            HealthSeverity.Failed => failureStatus,
            HealthSeverity.Degraded => (HealthStatus)Math.Max((int)HealthStatus.Degraded, (int)failureStatus),
            _ => HealthStatus.Healthy,
        };
        var description = _reasons.Count == 0 ? "CookieState can seal and open sessions." : string.Join(" ", _reasons);
        return new HealthCheckResult(status, description, Exception, Data);
    }
}
