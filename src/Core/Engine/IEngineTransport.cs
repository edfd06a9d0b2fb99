namespace SocketIO.Engine;

/// <summary>
/// A connection that carries engine packets for a session. The transport reads outbound packets
/// from <see cref="EngineSession"/> when it can write, and hands inbound packets to
/// <see cref="EngineSession.Receive"/>.
/// </summary>
public interface IEngineTransport
{
    /// <summary>The engine name: "polling", "websocket" or "tcp".</summary>
    string Name { get; }

    /// <summary>True when one write carries many packets (long-polling); false for one frame per packet.</summary>
    bool IsBatching { get; }

    /// <summary>True when binary messages travel as binary frames rather than 'b'+base64 text.</summary>
    bool SupportsBinary { get; }

    /// <summary>Answers a held request with a noop packet, so a paused client can finish an upgrade.</summary>
    void ReleasePending();

    /// <summary>Stops the transport: the session has closed or moved to another transport.</summary>
    void Close();
}
