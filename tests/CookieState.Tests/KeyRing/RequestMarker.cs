namespace CookieState.Tests.KeyRing;

/// <summary>Set by a middleware for the rest of a request's asynchronous flow, so a key store can tell who reads it.</summary>
public static class RequestMarker
{
    private static readonly AsyncLocal<bool> Marker = new();

    public static bool InRequest => Marker.Value;

    public static void Enter() => Marker.Value = true;
}
