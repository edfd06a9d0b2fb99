using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocketIO.Engine;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>The start-up line: where the endpoint answers and with which transports.</summary>
internal static class ListeningLog
{
    public static void Write(ILogger logger, IServiceProvider services, string kind, string path, EngineServer engine)
    {
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        var endpoints = addresses is { Count: > 0 } ? string.Join(", ", addresses.Select(a => a.TrimEnd('/') + path)) : path;
        // This endpoint serves the HTTP transports only; others (tcp) announce themselves.
        TransportLog.Listening(logger, kind, endpoints, string.Join(", ", new[] { "polling", "websocket" }.Where(engine.IsTransportEnabled)));
    }
}
