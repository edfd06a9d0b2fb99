using System.Diagnostics.Metrics;
using SocketIO.Engine;

namespace SocketIO.AdminUI.Internal;

/// <summary>
/// Feeds the event buffer from the engine: connections and closes (with the close reason) from
/// <see cref="EngineServer.Connection"/> and <see cref="EngineSession.Closed"/>, which also give the number of
/// clients still on polling; packets and bytes from the server's own meter (<see cref="SocketIOServer.Metrics"/>),
/// through a listener that enables only that meter's instruments, so that other servers of the process never count here.
/// </summary>
internal sealed class EngineObserver : IDisposable
{
    private readonly SocketIOServer _server;
    private readonly EventBuffer _buffer;
    private readonly MeterListener _listener = new();
    private int _pollingClients;

    public EngineObserver(SocketIOServer server, EventBuffer buffer)
    {
        _server = server;
        _buffer = buffer;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter != server.Metrics.Meter)
                return;
            // Node counts engine packets that carry data, and their data's length (Core counts the frame: type character included).
            var type = instrument.Name switch
            {
                "socketio.engine.packets.received" => "packetsIn",
                "socketio.engine.packets.sent" => "packetsOut",
                "socketio.engine.bytes.received" => "bytesIn",
                "socketio.engine.bytes.sent" => "bytesOut",
                _ => null,
            };
            if (type is not null)
                listener.EnableMeasurementEvents(instrument, type);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, state) => _buffer.Add((string)state!, null, value));
    }

    /// <summary>Engine connections on the polling transport (not upgraded).</summary>
    public int PollingClientsCount => Volatile.Read(ref _pollingClients);

    public void Attach()
    {
        _server.Engine.Connection += OnConnection;
        _listener.Start();
    }

    private void OnConnection(EngineSession session)
    {
        _buffer.Add("rawConnection");
        session.Closed += (_, reason) => _buffer.Add("rawDisconnection", reason);
        if (session.Transport.Name != "polling")
            return;
        Interlocked.Increment(ref _pollingClients);
        var counted = 1;
        void Leave()
        {
            if (Interlocked.Exchange(ref counted, 0) == 1)
                Interlocked.Decrement(ref _pollingClients);
        }
        session.Upgraded += (_, _) => Leave();
        session.Closed += (_, _) => Leave();
    }

    public void Dispose()
    {
        _server.Engine.Connection -= OnConnection;
        _listener.Dispose();
    }
}
