namespace SocketIO.Engine;

/// <summary>Engine.IO v4 packet types; the value is the wire character minus '0'.</summary>
public enum EnginePacketType : byte
{
    /// <summary>Server to client handshake.</summary>
    Open = 0,
    /// <summary>Close request.</summary>
    Close = 1,
    /// <summary>Heartbeat request (server to client in v4, plus the client probe).</summary>
    Ping = 2,
    /// <summary>Heartbeat reply.</summary>
    Pong = 3,
    /// <summary>Application data.</summary>
    Message = 4,
    /// <summary>Ends a transport upgrade.</summary>
    Upgrade = 5,
    /// <summary>Releases a pending poll.</summary>
    Noop = 6,
}
