using SocketIO.Engine;
using SocketIO.Transports.WebSocket;

namespace SocketIO.ConformanceServer;

/// <summary>The settings the protocol suites expect.</summary>
internal static class ConformanceSettings
{
    public static void ApplyEngine(EngineOptions o)
    {
        o.PingInterval = TimeSpan.FromMilliseconds(300);
        o.PingTimeout = TimeSpan.FromMilliseconds(200);
        o.MaxHttpBufferSize = 1_000_000;
        o.Transports = ["polling", "websocket"];
        o.AllowUpgrades = true;
    }

    public static void ApplySocketIO(SocketIOOptions o)
    {
        ApplyEngine(o);
        o.ConnectTimeout = TimeSpan.FromMilliseconds(1000);
    }

    public static void ApplyHttp(SocketIOTransportOptions o) => o.Cors = new SocketIOCorsOptions { AllowAnyOrigin = true };
}
