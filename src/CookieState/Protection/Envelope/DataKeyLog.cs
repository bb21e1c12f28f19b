using CookieState.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CookieState.Protection.Envelope;

/// <summary>Logs of the envelope format's data keys, category <see cref="CookieStateDiagnostics.DataKeyLogCategory"/>. Never key material.</summary>
internal static partial class DataKeyLog
{
    [LoggerMessage(CookieStateEventIds.DataKeyCreated, LogLevel.Information, "Data key {DataKeyId} created, wrapped with Data Protection key {WrappingKeyId} ({Reason}).", EventName = "DataKeyCreated")]
    public static partial void DataKeyCreated(ILogger logger, string dataKeyId, Guid wrappingKeyId, string reason);

    [LoggerMessage(CookieStateEventIds.DataKeyUnwrapped, LogLevel.Debug, "Data key {DataKeyId}, wrapped with Data Protection key {WrappingKeyId}, unwrapped and cached.", EventName = "DataKeyUnwrapped")]
    public static partial void DataKeyUnwrapped(ILogger logger, string dataKeyId, Guid wrappingKeyId);
}
