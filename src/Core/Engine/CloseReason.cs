namespace SocketIO.Engine;

/// <summary>The reasons an engine session ends, as Node's engine.io names them.</summary>
public static class CloseReason
{
    /// <summary>The client closed the transport or sent a close packet.</summary>
    public const string TransportClose = "transport close";
    /// <summary>The transport failed.</summary>
    public const string TransportError = "transport error";
    /// <summary>No pong arrived within pingTimeout.</summary>
    public const string PingTimeout = "ping timeout";
    /// <summary>The client sent an undecodable packet.</summary>
    public const string ParseError = "parse error";
    /// <summary>The server closed the session.</summary>
    public const string ForcedClose = "forced close";
    /// <summary>The session's outbound queue was full with a packet that may not be dropped.</summary>
    public const string SendBufferFull = "send buffer full";
}
