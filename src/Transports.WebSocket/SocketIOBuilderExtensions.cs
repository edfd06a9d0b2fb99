using SocketIO.Transports.WebSocket;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the HTTP transport settings to <c>services.AddSocketIO()</c>.</summary>
public static class SocketIOBuilderExtensions
{
    /// <summary>Configures CORS, allowRequest and the sticky-session cookie of <c>app.MapSocketIO()</c>.</summary>
    public static SocketIOBuilder ConfigureHttpTransport(this SocketIOBuilder builder, Action<SocketIOTransportOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }
}
