using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocketIO;
using SocketIO.Engine;
using SocketIO.Transports.WebSocket;
using SocketIO.Transports.WebSocket.Internal;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Hosts Socket.IO and bare Engine.IO servers on ASP.NET Core endpoint routing (WebSocket and HTTP long-polling).</summary>
public static class EngineEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves the <see cref="SocketIOServer"/> registered with <c>services.AddSocketIO()</c> at
    /// <paramref name="path"/> (and <paramref name="path"/>/), with the HTTP settings from
    /// <c>ConfigureHttpTransport</c>.
    /// </summary>
    public static IEndpointConventionBuilder MapSocketIO(this IEndpointRouteBuilder endpoints, string path = "/socket.io")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var server = services.GetService<SocketIOServer>()
            ?? throw new InvalidOperationException("No SocketIOServer is registered: call services.AddSocketIO() before app.MapSocketIO().");
        var options = services.GetService<IOptions<SocketIOTransportOptions>>()?.Value ?? new SocketIOTransportOptions();
        return MapEngine(endpoints, path, server.Engine, options, "Socket.IO");
    }

    /// <summary>Serves the registered <see cref="SocketIOServer"/> at <paramref name="path"/> after <paramref name="configure"/> sets up its namespaces and handlers.</summary>
    public static IEndpointConventionBuilder MapSocketIO(this IEndpointRouteBuilder endpoints, string path, Action<SocketIOServer> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = endpoints.MapSocketIO(path);
        configure(endpoints.ServiceProvider.GetRequiredService<SocketIOServer>());
        return builder;
    }

    /// <summary>
    /// Serves a bare Engine.IO server (no Socket.IO layer) at <paramref name="path"/>;
    /// <paramref name="onConnection"/> receives every new session.
    /// </summary>
    public static IEndpointConventionBuilder MapEngineIO(
        this IEndpointRouteBuilder endpoints,
        string path,
        Action<EngineSession> onConnection,
        Action<EngineOptions>? configure = null,
        Action<SocketIOTransportOptions>? configureTransport = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(onConnection);
        var services = endpoints.ServiceProvider;
        var engineOptions = new EngineOptions();
        configure?.Invoke(engineOptions);
        var transportOptions = new SocketIOTransportOptions();
        configureTransport?.Invoke(transportOptions);
        var loggers = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var engine = new EngineServer(engineOptions, services.GetService<TimeProvider>(), loggers.CreateLogger<EngineServer>());
        engine.Connection += onConnection;
        var builder = MapEngine(endpoints, path, engine, transportOptions, "Engine.IO");
        // A bare engine is this endpoint's alone: no other transport can attach to it later.
        engine.ValidateTransports();
        return builder;
    }

    private static IEndpointConventionBuilder MapEngine(IEndpointRouteBuilder endpoints, string path, EngineServer engine, SocketIOTransportOptions options, string kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        path = "/" + path.Trim('/');
        var services = endpoints.ServiceProvider;
        var loggers = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        engine.RegisterTransport("polling");
        engine.RegisterTransport("websocket");
        var logger = loggers.CreateLogger("SocketIO.Transports.WebSocket");
        var handler = new EngineRequestHandler(engine, options, logger);
        // Held polls and open WebSockets would keep the host from stopping: end the sessions first.
        services.GetService<IHostApplicationLifetime>()?.ApplicationStopping.Register(engine.CloseAll);
        services.GetService<IHostApplicationLifetime>()?.ApplicationStarted.Register(() => ListeningLog.Write(logger, services, kind, path, engine));
        // The engine's own heartbeat replaces WebSocket keep-alive pings.
        var pipeline = endpoints.CreateApplicationBuilder();
        pipeline.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        pipeline.Run(handler.HandleAsync);
        return endpoints.Map(path, pipeline.Build()).WithDisplayName($"{kind} {path}");
    }
}
