using SocketIO.Diagnostics;
using Microsoft.Extensions.Logging;

namespace SocketIO.Engine;

/// <summary>
/// One Engine.IO v4 session as the application sees it: its id and request, <see cref="Send(EnginePacket, bool)"/>,
/// <see cref="Close()"/>, and the <see cref="MessageReceived"/> and <see cref="Closed"/> events. Inside it
/// run the handshake, the server-driven heartbeat, the bounded outbound queue and the upgrade state
/// machine. Transports reach it only through their <see cref="EngineChannel"/>.
/// </summary>
public sealed partial class EngineSession
{
    private readonly EngineServer _server;
    private readonly OutboundQueue _queue;
    private readonly object _gate = new();
    private volatile IEngineTransport _transport;
    private int _closed;

    internal EngineSession(EngineServer server, string id, IEngineTransport transport, HandshakeRequest request)
    {
        _server = server;
        Id = id;
        _transport = transport;
        Request = request;
        _queue = new OutboundQueue(server.Options.MaxBufferedPackets, server.Options.MaxBufferedBytes) { Scheduler = transport as IEngineWriteScheduler };
        _heartbeatTimer = server.Time.CreateTimer(static s => ((EngineSession)s!).OnHeartbeatTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The session id (sid).</summary>
    public string Id { get; }

    /// <summary>The request that opened the session.</summary>
    public HandshakeRequest Request { get; }

    /// <summary>The transport packets are currently written to.</summary>
    public IEngineTransport Transport => _transport;

    /// <summary>True once the session has closed.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Number of packets waiting to be written.</summary>
    public int BufferedCount => _queue.Count;

    /// <summary>Bytes of the frames waiting to be written (bounded by <see cref="EngineOptions.MaxBufferedBytes"/>).</summary>
    public long BufferedBytes => _queue.Bytes;

    /// <summary>Hears messages and the end before the events do (the Socket.IO client); set once, when the session opens.</summary>
    internal IEngineSessionObserver? Observer { get; set; }

    /// <summary>Raised for every inbound message packet, on the transport's receive path.</summary>
    public event Action<EngineSession, EnginePacket>? MessageReceived;

    /// <summary>Raised once when the session ends, with the close reason.</summary>
    public event Action<EngineSession, string>? Closed;

    /// <summary>
    /// Queues a message packet. When the queue is full (<see cref="EngineOptions.MaxBufferedPackets"/> or
    /// <see cref="EngineOptions.MaxBufferedBytes"/>) a volatile packet is dropped (false) and any other
    /// packet closes the session with <see cref="CloseReason.SendBufferFull"/>.
    /// </summary>
    public bool Send(EnginePacket packet, bool isVolatile = false)
    {
        if (_queue.TryEnqueue(packet))
        {
            _server.Metrics.Sent(1, packet.Frame.Length);
            return true;
        }
        return OnQueueFull(isVolatile);
    }

    /// <summary>Queues packets that must stay together and in order (a binary header and its attachments).</summary>
    public bool Send(EnginePacket[] packets, bool isVolatile = false)
    {
        if (_queue.TryEnqueue(packets))
        {
            var metrics = _server.Metrics;
            if (metrics.BytesSent.Enabled || metrics.PacketsSent.Enabled)
            {
                long bytes = 0;
                foreach (var packet in packets)
                    bytes += packet.Frame.Length;
                metrics.Sent(packets.Length, bytes);
            }
            return true;
        }
        return OnQueueFull(isVolatile);
    }

    private bool OnQueueFull(bool isVolatile)
    {
        if (IsClosed)
            return false;
        _server.Metrics.Drop(isVolatile ? "volatile" : "queue_full");
        if (isVolatile)
            return false;
        Log.QueueFull(_server.Logger, Id, _queue.Count, _queue.Bytes);
        Close(CloseReason.SendBufferFull, flush: false);
        return false;
    }

    /// <summary>Takes the next outbound packet, if <paramref name="reader"/> is the current transport.</summary>
    internal bool TryRead(IEngineTransport reader, out EnginePacket packet)
    {
        if (!ReferenceEquals(reader, _transport))
        {
            packet = null!;
            return false;
        }
        if (!_queue.TryDequeue(out packet))
            return false;
        OnTaken(packet);
        return true;
    }

    /// <summary>The next outbound packet, left queued, if <paramref name="reader"/> is the current transport.</summary>
    internal bool TryPeek(IEngineTransport reader, out EnginePacket packet)
    {
        if (!ReferenceEquals(reader, _transport))
        {
            packet = null!;
            return false;
        }
        return _queue.TryPeek(out packet);
    }

    /// <summary>
    /// True when <paramref name="reader"/> is the current transport and has something to do: a packet to
    /// write, or the end of a closed session to act on.
    /// </summary>
    internal bool HasPendingWrites(IEngineTransport reader) => ReferenceEquals(reader, _transport) && (_queue.HasItems || _queue.IsCompleted);

    /// <summary>True once the session is closed and every queued packet has been taken.</summary>
    internal bool IsDrained => _queue.IsCompleted && !_queue.HasItems;

    /// <summary>Waits until there is something to read, or returns false once the session is closed and drained.</summary>
    internal ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => _queue.WaitToReadAsync(cancellationToken);

    /// <summary>Handles a packet received on the session's current transport.</summary>
    internal void Receive(IEngineTransport from, EnginePacket packet)
    {
        if (IsClosed || !ReferenceEquals(from, _transport))
            return;
        switch (packet.Type)
        {
            case EnginePacketType.Message:
                // docs/protocol.md#websocket: maxHttpBufferSize bounds every message, whatever the transport (ws closes with 1009).
                if (packet.Frame.Length > _server.Options.MaxHttpBufferSize)
                {
                    Log.ProtocolError(_server.Logger, Id, $"message of {packet.Frame.Length} bytes over maxHttpBufferSize ({_server.Options.MaxHttpBufferSize})");
                    Close(CloseReason.TransportError, flush: false);
                    break;
                }
                _server.Metrics.Received(packet.Frame.Length);
                Observer?.OnMessage(this, packet);
                MessageReceived?.Invoke(this, packet);
                break;
            case EnginePacketType.Pong:
                OnPong();
                break;
            case EnginePacketType.Close:
                Close(CloseReason.TransportClose, flush: false);
                break;
            case EnginePacketType.Ping:
                // EIO4: only the server pings; a client ping on the active transport is a protocol error.
                Log.ProtocolError(_server.Logger, Id, "invalid heartbeat direction");
                Close(CloseReason.TransportError, flush: false);
                break;
            case EnginePacketType.Noop:
                break;
            default:
                Log.ProtocolError(_server.Logger, Id, $"unexpected packet type {packet.Type}");
                Close(CloseReason.ParseError, flush: false);
                break;
        }
    }

    /// <summary>Decodes a text frame and handles it; an undecodable frame closes the session with "parse error".</summary>
    internal void ReceiveFrame(IEngineTransport from, ReadOnlyMemory<byte> textFrame)
    {
        EnginePacket packet;
        try
        {
            packet = EnginePacket.FromTextFrame(textFrame);
        }
        catch (EngineProtocolException ex)
        {
            Log.ProtocolError(_server.Logger, Id, ex.Message);
            Close(CloseReason.ParseError, flush: false);
            return;
        }
        Receive(from, packet);
    }

    /// <summary>Called by a transport when it fails or its peer goes away.</summary>
    internal void OnTransportClosed(IEngineTransport transport, string reason)
    {
        if (ReferenceEquals(transport, _probe))
        {
            AbortUpgrade("probe transport closed");
            return;
        }
        if (ReferenceEquals(transport, _transport))
            Close(reason, flush: false);
    }

    /// <summary>Closes the session from the server side; queued packets are flushed first.</summary>
    public void Close() => Close(CloseReason.ForcedClose, flush: true);

    /// <summary>Closes the session with a reason. With <paramref name="flush"/> the queue drains and a close packet is sent first.</summary>
    public void Close(string reason, bool flush)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
            return;
        Log.Closed(_server.Logger, Id, reason);
        StopTimers();
        var transport = _transport;
        if (flush)
        {
            // An upgrade in progress is left to finish: a client that has paused polling and sent its upgrade
            // packet on the probe reads what is queued there, and only there. (Node's engine.io likewise waits for
            // its write buffer to drain before it closes the transports.) The flush time closes whatever is left.
            _queue.EnqueueControl(EnginePacket.ClosePacket);
            _queue.Complete();
            _server.Time.CreateTimer(static s => ((EngineSession)s!).CloseTransports(), this, _server.Options.CloseFlushTimeout, Timeout.InfiniteTimeSpan);
        }
        else
        {
            TakeProbe()?.Close();
            _queue.Complete();
            transport.Close();
        }
        _server.Remove(this);
        var metrics = _server.Metrics;
        metrics.Count(metrics.Connections, SocketIOMetrics.TransportTag, transport.Name, -1);
        metrics.Count(metrics.Closes, SocketIOMetrics.CloseReasonTag, reason);
        try
        {
            Observer?.OnClosed(this, reason);
            Closed?.Invoke(this, reason);
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(_server.Logger, Id, ex);
        }
    }

    internal void Start()
    {
        var upgrades = "[" + string.Join(",", _server.UpgradesFrom(_transport.Name).Select(static t => $"\"{t}\"")) + "]";
        var o = _server.Options;
        var json = $"{{\"sid\":\"{Id}\",\"upgrades\":{upgrades},\"pingInterval\":{(long)o.PingInterval.TotalMilliseconds},\"pingTimeout\":{(long)o.PingTimeout.TotalMilliseconds},\"maxPayload\":{o.MaxHttpBufferSize}}}";
        _queue.EnqueueControl(EnginePacket.FromText(EnginePacketType.Open, json));
        SchedulePing();
    }
}
