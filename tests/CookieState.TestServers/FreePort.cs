using System.Net;
using System.Net.Sockets;

namespace CookieState.TestServers;

/// <summary>Finds TCP ports that are free on 127.0.0.1 right now.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
