using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SocketIO.Transports.WebSocket.Internal;

namespace Microsoft.AspNetCore.Hosting;

/// <summary>
/// Lets Socket.IO WebSockets take their Kestrel connection over once the HTTP/1.1 upgrade is answered,
/// instead of running inside Kestrel's HTTP layer for the connection's whole life. <c>MapSocketIO</c>
/// and <c>MapEngineIO</c> detect it by themselves; everything else (CORS, cookies, allowRequest, header
/// hooks, refusals, polling, HTTP/2) is unchanged.
/// </summary>
public static class SocketIOConnectionExtensions
{
    /// <summary>
    /// Lets Socket.IO WebSockets on this endpoint own their connection after the upgrade. On an HTTPS
    /// endpoint call it after <c>UseHttps()</c>; before it, the WebSockets stay on Kestrel's upgraded stream.
    /// </summary>
    public static ListenOptions UseSocketIO(this ListenOptions listenOptions)
    {
        ArgumentNullException.ThrowIfNull(listenOptions);
        var loggers = listenOptions.ApplicationServices?.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var logger = loggers.CreateLogger("SocketIO.Transports.WebSocket");
        return (ListenOptions)listenOptions.Use(next => new ConnectionHandoffMiddleware(next, listenOptions.KestrelServerOptions, logger).OnConnectionAsync);
    }

    /// <summary>
    /// Calls <see cref="UseSocketIO"/> on every Kestrel endpoint through Kestrel's endpoint defaults: the one
    /// opt-in a typical app needs (<c>builder.WebHost.UseSocketIOConnections()</c>).
    /// </summary>
    /// <remarks>
    /// Kestrel applies endpoint defaults when an endpoint is declared, and before the endpoint's own
    /// <c>UseHttps()</c>: call this before <c>Listen(...)</c> calls in code, and give an HTTPS endpoint its
    /// own <c>listenOptions.UseHttps().UseSocketIO()</c> (its WebSockets otherwise stay on Kestrel's stream).
    /// A later <c>ConfigureEndpointDefaults</c> replaces this one.
    /// </remarks>
    public static IWebHostBuilder UseSocketIOConnections(this IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.UseSocketIO()));
    }
}
