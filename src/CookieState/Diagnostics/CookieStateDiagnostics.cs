namespace CookieState;

/// <summary>The names CookieState reports under, for log filters and telemetry setups (see docs/operations.md).</summary>
public static class CookieStateDiagnostics
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name of CookieState's instruments: <c>CookieState</c>.</summary>
    public const string MeterName = "CookieState";

    /// <summary>The log category of the session lifecycle (load, commit, expiry, rejection): <c>CookieState</c>.</summary>
    public const string SessionLogCategory = "CookieState";

    /// <summary>The log category of the envelope format's data keys: <c>CookieState.DataKeys</c>.</summary>
    public const string DataKeyLogCategory = "CookieState.DataKeys";

    /// <summary>The log category of the unknown-key pickup: <c>CookieState.KeyPickup</c>.</summary>
    public const string KeyPickupLogCategory = "CookieState.KeyPickup";

    /// <summary>The log category of server-side revocation: <c>CookieState.Revocation</c>.</summary>
    public const string RevocationLogCategory = "CookieState.Revocation";

    /// <summary>The log category of start-up checks of the configuration: <c>CookieState.Configuration</c>.</summary>
    public const string ConfigurationLogCategory = "CookieState.Configuration";

    /// <summary>The log category of the migration from the built-in session: <c>CookieState.Migration</c>.</summary>
    public const string MigrationLogCategory = "CookieState.Migration";

    /// <summary>The name <c>AddHealthChecks().AddCookieState()</c> registers its check under: <c>CookieState</c>.</summary>
    public const string HealthCheckName = "CookieState";
}
