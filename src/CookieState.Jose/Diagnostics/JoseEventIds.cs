namespace CookieState.Jose.Diagnostics;

/// <summary>
/// The log event ids of the JOSE format, within the configuration range (50–59) of the core's event ids, which leaves 51
/// and 52 to this package. Ids are stable.
/// </summary>
internal static class JoseEventIds
{
    public const int JoseSignedModeReadable = 51;
    public const int JoseKeysLoaded = 52;
}
