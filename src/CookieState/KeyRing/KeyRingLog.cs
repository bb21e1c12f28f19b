using Microsoft.Extensions.Logging;

namespace CookieState;

/// <summary>Log messages of the unknown-key pickup (event ids 30 and up). They name key ids, never cookie values.</summary>
internal static partial class KeyRingLog
{
    [LoggerMessage(30, LogLevel.Information, "Session cookie names key {KeyId}, which this node has not loaded; looking it up in the key store.", EventName = "UnknownKeyLookup")]
    public static partial void UnknownKeyLookup(ILogger logger, Guid keyId);

    [LoggerMessage(31, LogLevel.Information, "Key {KeyId} was found in the key store; reloaded the key ring in {ElapsedMilliseconds} ms.", EventName = "UnknownKeyPickedUp")]
    public static partial void UnknownKeyPickedUp(ILogger logger, Guid keyId, long elapsedMilliseconds);

    [LoggerMessage(32, LogLevel.Warning, "Key {KeyId} is not in the key store either; remembered as unknown.", EventName = "UnknownKeyAbsent")]
    public static partial void UnknownKeyAbsent(ILogger logger, Guid keyId);

    [LoggerMessage(33, LogLevel.Debug, "Key {KeyId} is unknown and the key store was looked up less than {Interval} ago; not looking again yet.", EventName = "UnknownKeyLookupThrottled")]
    public static partial void UnknownKeyLookupThrottled(ILogger logger, Guid keyId, TimeSpan interval);

    [LoggerMessage(34, LogLevel.Warning, "Key {KeyId} is in the key store, but the key ring did not contain it within {Timeout} of asking Data Protection to reload it.", EventName = "UnknownKeyReloadTimedOut")]
    public static partial void UnknownKeyReloadTimedOut(ILogger logger, Guid keyId, TimeSpan timeout);

    [LoggerMessage(35, LogLevel.Error, "Looking up key {KeyId} in the key store failed.", EventName = "UnknownKeyLookupFailed")]
    public static partial void UnknownKeyLookupFailed(ILogger logger, Guid keyId, Exception exception);

    [LoggerMessage(36, LogLevel.Warning, "Unknown-key pickup is off: the registered IKeyManager ({KeyManagerType}) is not the one CookieState decorated, so it cannot make Data Protection reload its key ring. Register your IKeyManager before calling AddCookieState.", EventName = "UnknownKeyPickupUnavailable")]
    public static partial void UnknownKeyPickupUnavailable(ILogger logger, string keyManagerType);
}
