using System.Net;
using System.Net.Sockets;

namespace SocketIO.TestSupport;

/// <summary>Free TCP ports on 127.0.0.1 for servers that must be told their port up front.</summary>
public static class FreePort
{
    /// <summary>A port that was free a moment ago (the OS picks it; a process started right after can bind it).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
