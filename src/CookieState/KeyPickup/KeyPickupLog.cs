using Microsoft.Extensions.Logging;

using CookieState.Diagnostics;

namespace CookieState.KeyPickup;

/// <summary>
/// Logs of the unknown-key pickup, category <see cref="CookieStateDiagnostics.KeyPickupLogCategory"/>. They name key ids,
/// never cookie values.
/// </summary>
internal static partial class KeyPickupLog
{
    [LoggerMessage(CookieStateEventIds.UnknownKeyLookup, LogLevel.Information, "Session cookie names key {KeyId}, which this node has not loaded; looking it up in the key store.", EventName = "UnknownKeyLookup")]
    public static partial void UnknownKeyLookup(ILogger logger, Guid keyId);

    [LoggerMessage(CookieStateEventIds.UnknownKeyPickedUp, LogLevel.Information, "Key {KeyId} was found in the key store; reloaded the key ring in {ElapsedMilliseconds} ms.", EventName = "UnknownKeyPickedUp")]
    public static partial void UnknownKeyPickedUp(ILogger logger, Guid keyId, long elapsedMilliseconds);

    [LoggerMessage(CookieStateEventIds.UnknownKeyAbsent, LogLevel.Warning, "Key {KeyId} is not in the key store either; remembered as unknown.", EventName = "UnknownKeyAbsent")]
    public static partial void UnknownKeyAbsent(ILogger logger, Guid keyId);

    [LoggerMessage(CookieStateEventIds.UnknownKeyLookupThrottled, LogLevel.Debug, "Key {KeyId} is unknown and the key store was looked up less than {Interval} ago; not looking again yet.", EventName = "UnknownKeyLookupThrottled")]
    public static partial void UnknownKeyLookupThrottled(ILogger logger, Guid keyId, TimeSpan interval);

    [LoggerMessage(CookieStateEventIds.UnknownKeyReloadTimedOut, LogLevel.Warning, "Key {KeyId} is in the key store, but the key ring did not contain it within {Timeout} of asking Data Protection to reload it.", EventName = "UnknownKeyReloadTimedOut")]
    public static partial void UnknownKeyReloadTimedOut(ILogger logger, Guid keyId, TimeSpan timeout);

    [LoggerMessage(CookieStateEventIds.UnknownKeyLookupFailed, LogLevel.Error, "Looking up key {KeyId} in the key store failed.", EventName = "UnknownKeyLookupFailed")]
    public static partial void UnknownKeyLookupFailed(ILogger logger, Guid keyId, Exception exception);

    [LoggerMessage(CookieStateEventIds.UnknownKeyPickupUnavailable, LogLevel.Warning, "Unknown-key pickup is off: the registered IKeyManager ({KeyManagerType}) is not the one CookieState decorated, so it cannot make Data Protection reload its key ring. Register your IKeyManager before calling AddCookieState.", EventName = "UnknownKeyPickupUnavailable")]
    public static partial void UnknownKeyPickupUnavailable(ILogger logger, string keyManagerType);
}
