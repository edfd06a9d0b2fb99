using System.Diagnostics;

namespace SocketIO.Diagnostics;

/// <summary>
/// The server's spans, on one <see cref="ActivitySource"/> named <c>SocketIO</c>: the Engine.IO handshake, each
/// namespace connection (middleware included) and, when <see cref="SocketIOOptions.TraceEvents"/> is on, the handling
/// of each event. docs/monitoring.md lists them with their tags.
/// </summary>
public static class SocketIOTracing
{
    /// <summary>The source's name, for OpenTelemetry's <c>AddSource</c>.</summary>
    public const string ActivitySourceName = "SocketIO";

    internal static readonly ActivitySource Source = new(ActivitySourceName);

    internal const string HandshakeSpan = "socketio.handshake";
    internal const string ConnectSpan = "socketio.connect";
    internal const string EventSpan = "socketio.event";
}
