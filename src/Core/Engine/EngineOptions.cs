namespace SocketIO.Engine;

/// <summary>Engine.IO server settings; defaults match Node's engine.io.</summary>
public class EngineOptions
{
    /// <summary>Interval between server pings.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromMilliseconds(25000);

    /// <summary>How long the server waits for a pong after a ping.</summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromMilliseconds(20000);

    /// <summary>How long a transport upgrade may take before the probe transport is dropped.</summary>
    public TimeSpan UpgradeTimeout { get; set; } = TimeSpan.FromMilliseconds(10000);

    /// <summary>Largest accepted HTTP body or WebSocket message, advertised as maxPayload.</summary>
    public int MaxHttpBufferSize { get; set; } = 1_000_000;

    /// <summary>Whether sessions started on polling may upgrade to WebSocket.</summary>
    public bool AllowUpgrades { get; set; } = true;

    /// <summary>
    /// The transports sessions may use, by engine name ("polling", "websocket", "tcp"). Empty (the default)
    /// enables every transport attached to the server; a listed name that no attached transport provides
    /// fails at start (<see cref="EngineServer.ValidateTransports"/>).
    /// </summary>
    public IList<string> Transports { get; set; } = new List<string>();

    /// <summary>Most packets a session may hold unsent; beyond it volatile packets are dropped and others close the session.</summary>
    public int MaxBufferedPackets { get; set; } = 10_000;

    /// <summary>
    /// Most bytes of frames a session may hold unsent (default 4 MiB): once reached, volatile packets are dropped
    /// and any other packet closes the session with "send buffer full". A broadcast frame is stored once but
    /// counts against every session that holds it.
    /// </summary>
    public int MaxBufferedBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How long a server close waits for a poll to carry the close packet before ending anyway.</summary>
    public TimeSpan CloseFlushTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Returns the first invalid setting as a message, or null when all are valid.</summary>
    public virtual string? Validate()
    {
        if (PingInterval <= TimeSpan.Zero) return $"{nameof(PingInterval)} must be positive.";
        if (PingTimeout <= TimeSpan.Zero) return $"{nameof(PingTimeout)} must be positive.";
        if (UpgradeTimeout <= TimeSpan.Zero) return $"{nameof(UpgradeTimeout)} must be positive.";
        if (MaxHttpBufferSize <= 0) return $"{nameof(MaxHttpBufferSize)} must be positive.";
        if (MaxBufferedPackets <= 0) return $"{nameof(MaxBufferedPackets)} must be positive.";
        if (MaxBufferedBytes <= 0) return $"{nameof(MaxBufferedBytes)} must be positive.";
        foreach (var t in Transports)
            if (string.IsNullOrWhiteSpace(t))
                return $"{nameof(Transports)} contains an empty name.";
        return null;
    }
}
