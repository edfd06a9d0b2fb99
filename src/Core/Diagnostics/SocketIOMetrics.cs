using System.Diagnostics.Metrics;

namespace SocketIO.Diagnostics;

/// <summary>
/// The server's instruments, on a <see cref="System.Diagnostics.Metrics.Meter"/> named <c>SocketIO</c> (one per server,
/// created by the DI container's <see cref="IMeterFactory"/> when there is one). Names follow the OpenTelemetry
/// conventions; docs/monitoring.md lists each instrument with its attributes.
/// </summary>
/// <remarks>
/// Every recording site checks the instrument's <c>Enabled</c> flag first: with no listener, the hot path reads a
/// field and moves on, allocating nothing and taking no lock.
/// </remarks>
public sealed class SocketIOMetrics : IDisposable
{
    /// <summary>The meter's name, for <c>dotnet-counters monitor --counters SocketIO</c> and OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "SocketIO";

    // Attribute names.
    internal const string TransportTag = "socketio.transport";
    internal const string CloseReasonTag = "socketio.close_reason";
    internal const string NamespaceTag = "socketio.namespace";
    internal const string DropReasonTag = "socketio.drop_reason";
    internal const string RequestTag = "socketio.adapter.request";

    private readonly bool _ownsMeter;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>, or on a meter of their own.</summary>
    public SocketIOMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        Meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Connections = Meter.CreateUpDownCounter<long>("socketio.engine.connections", "{connection}", "Open Engine.IO connections, by transport.");
        Handshakes = Meter.CreateCounter<long>("socketio.engine.handshakes", "{handshake}", "Engine.IO connections opened.");
        Closes = Meter.CreateCounter<long>("socketio.engine.closes", "{connection}", "Engine.IO connections closed, by close reason.");
        PacketsReceived = Meter.CreateCounter<long>("socketio.engine.packets.received", "{packet}", "Engine.IO message packets received.");
        PacketsSent = Meter.CreateCounter<long>("socketio.engine.packets.sent", "{packet}", "Engine.IO message packets queued for sending.");
        BytesReceived = Meter.CreateCounter<long>("socketio.engine.bytes.received", "By", "Bytes of the Engine.IO message packets received.");
        BytesSent = Meter.CreateCounter<long>("socketio.engine.bytes.sent", "By", "Bytes of the Engine.IO message packets queued for sending.");
        Dropped = Meter.CreateCounter<long>("socketio.engine.packets.dropped", "{packet}", "Packets not sent: volatile ones a client could not take, or the one that overflowed a client's queue.");
        Sockets = Meter.CreateUpDownCounter<long>("socketio.sockets", "{socket}", "Connected sockets, by namespace (a dynamic namespace counts under its parent's pattern).");
        ConnectErrors = Meter.CreateCounter<long>("socketio.connect_errors", "{socket}", "Namespace connections refused (middleware, or an unknown namespace).");
        Broadcasts = Meter.CreateCounter<long>("socketio.broadcasts", "{broadcast}", "Broadcasts sent from this node, by namespace.");
        Deliveries = Meter.CreateCounter<long>("socketio.broadcast.deliveries", "{delivery}", "Broadcast packets written to local clients (broadcasts from other nodes included).");
        AckTimeouts = Meter.CreateCounter<long>("socketio.ack.timeouts", "{ack}", "Acks that did not arrive in time (one per emit, or per broadcast with acks).");
        AdapterRequests = Meter.CreateCounter<long>("socketio.adapter.requests", "{request}", "Cluster requests sent to other nodes, by request type.");
        AdapterTimeouts = Meter.CreateCounter<long>("socketio.adapter.timeouts", "{request}", "Cluster requests that some node did not answer in time.");
        AdapterErrors = Meter.CreateCounter<long>("socketio.adapter.errors", "{operation}", "Cluster operations that failed (broker unreachable, publish failed).");
    }

    /// <summary>The meter the instruments are on.</summary>
    public Meter Meter { get; }

    internal UpDownCounter<long> Connections { get; }
    internal Counter<long> Handshakes { get; }
    internal Counter<long> Closes { get; }
    internal Counter<long> PacketsReceived { get; }
    internal Counter<long> PacketsSent { get; }
    internal Counter<long> BytesReceived { get; }
    internal Counter<long> BytesSent { get; }
    internal Counter<long> Dropped { get; }
    internal UpDownCounter<long> Sockets { get; }
    internal Counter<long> ConnectErrors { get; }
    internal Counter<long> Broadcasts { get; }
    internal Counter<long> Deliveries { get; }
    internal Counter<long> AckTimeouts { get; }
    internal Counter<long> AdapterRequests { get; }
    internal Counter<long> AdapterTimeouts { get; }
    internal Counter<long> AdapterErrors { get; }

    internal void Received(long bytes)
    {
        if (PacketsReceived.Enabled)
            PacketsReceived.Add(1);
        if (BytesReceived.Enabled)
            BytesReceived.Add(bytes);
    }

    internal void Sent(long packets, long bytes)
    {
        if (PacketsSent.Enabled)
            PacketsSent.Add(packets);
        if (BytesSent.Enabled)
            BytesSent.Add(bytes);
    }

    internal void Drop(string reason)
    {
        if (Dropped.Enabled)
            Dropped.Add(1, new KeyValuePair<string, object?>(DropReasonTag, reason));
    }

    internal void Count(Counter<long> counter, string tag, string value, long delta = 1)
    {
        if (counter.Enabled)
            counter.Add(delta, new KeyValuePair<string, object?>(tag, value));
    }

    internal void Count(UpDownCounter<long> counter, string tag, string value, long delta)
    {
        if (counter.Enabled)
            counter.Add(delta, new KeyValuePair<string, object?>(tag, value));
    }

    /// <summary>Disposes the meter when this object created it (a factory's meters belong to the factory).</summary>
    public void Dispose()
    {
        if (_ownsMeter)
            Meter.Dispose();
    }
}
