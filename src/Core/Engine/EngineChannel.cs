namespace SocketIO.Engine;

/// <summary>
/// One transport's handle on the session it carries: the transport's view of an
/// <see cref="EngineSession"/>, kept apart from the application's. It takes outbound packets when the
/// transport can write and hands in what the transport received. A channel belongs to one transport;
/// after an upgrade, the old transport's channel yields nothing more.
/// </summary>
public sealed class EngineChannel
{
    internal EngineChannel(EngineSession session, IEngineTransport transport)
    {
        Session = session;
        Transport = transport;
    }

    /// <summary>The session this channel feeds.</summary>
    public EngineSession Session { get; }

    /// <summary>The transport that owns this channel.</summary>
    public IEngineTransport Transport { get; }

    /// <summary>True while the transport is the session's current one (the one packets are written to).</summary>
    public bool IsCurrent => ReferenceEquals(Session.Transport, Transport);

    /// <summary>Takes the next outbound packet; false when there is none or the transport is not current.</summary>
    public bool TryRead(out EnginePacket packet) => Session.TryRead(Transport, out packet);

    /// <summary>
    /// The packet <see cref="TryRead"/> would take next, left queued; false when there is none or the transport
    /// is not current. A batching transport uses it to stop before a packet that would make its payload too large.
    /// </summary>
    public bool TryPeek(out EnginePacket packet) => Session.TryPeek(Transport, out packet);

    /// <summary>True when the transport is current and has something to do: a packet to write, or the end of a closed session.</summary>
    public bool HasPendingWrites => Session.HasPendingWrites(Transport);

    /// <summary>True once the session has closed, every queued packet has been taken, and the transport is current: it closes now.</summary>
    public bool IsDrained => Session.IsDrained && IsCurrent;

    /// <summary>Waits until there is something to read, or returns false once the session is closed and drained.</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => Session.WaitToReadAsync(cancellationToken);

    /// <summary>Handles a packet the transport received; ignored unless the transport is current.</summary>
    public void Receive(EnginePacket packet) => Session.Receive(Transport, packet);

    /// <summary>Decodes a received text frame and handles it; an undecodable frame closes the session with "parse error".</summary>
    public void ReceiveFrame(ReadOnlyMemory<byte> textFrame) => Session.ReceiveFrame(Transport, textFrame);

    /// <summary>Handles a packet received while the transport is an upgrade probe (docs/protocol.md#upgrade).</summary>
    public ProbeResult ReceiveProbe(EnginePacket packet) => Session.ReceiveProbe(Transport, packet);

    /// <summary>The transport failed or its peer went away: a current transport ends the session with <paramref name="reason"/>, a probe ends the upgrade.</summary>
    public void OnTransportClosed(string reason) => Session.OnTransportClosed(Transport, reason);
}
