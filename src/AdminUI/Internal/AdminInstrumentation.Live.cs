using System.Collections.Concurrent;
using SocketIO.Engine;

namespace SocketIO.AdminUI.Internal;

// Development mode (registerVerboseListeners): every socket's connection, upgrade, data changes, events and
// disconnection, and every room change, as admin namespace broadcasts.
internal sealed partial class AdminInstrumentation
{
    private readonly ConcurrentDictionary<Namespace, byte> _observed = new();
    // The last data each local socket was shown with: Node watches socket.data with a Proxy; here the stats tick compares.
    private readonly ConcurrentDictionary<Socket, string> _shownData = new();

    private void Observe(Namespace nsp)
    {
        if (!_observed.TryAdd(nsp, 0))
            return;
        nsp.OnConnection(socket => OnSocketConnected(nsp, socket));
        nsp.Adapter.RoomJoined += (room, id) => Broadcast("room_joined", nsp.Name, room, id, Now());
        nsp.Adapter.RoomLeft += (room, id) => Broadcast("room_left", nsp.Name, room, id, Now());
    }

    private void OnSocketConnected(Namespace nsp, Socket socket)
    {
        try
        {
            var connectionId = socket.ConnectionId;
            // Only the start of the engine id: the whole of it would let a UI user act as the client (as Node).
            var clientId = connectionId.Length > 12 ? connectionId[..12] : connectionId;
            socket.Data[SocketSerializer.AdminKey] = new AdminMeta(clientId, socket.Transport);
            _shownData[socket] = _serializer.DataOf(socket.Id, socket.Data).GetRawText();
            Broadcast("socket_connected", Json(_serializer.Serialize(socket)), Now());

            Action<EngineSession, IEngineTransport>? onUpgrade = null;
            if (!socket.Conn.IsUpgraded)
            {
                onUpgrade = (_, transport) =>
                {
                    socket.Data[SocketSerializer.AdminKey] = new AdminMeta(clientId, transport.Name);
                    Broadcast("socket_updated", Json(new SocketUpdate(socket.Id, nsp.Name, null, transport.Name)));
                };
                socket.Conn.Upgraded += onUpgrade;
            }
            if (nsp != _admin)
            {
                socket.OnAny(e => Broadcast("event_received", nsp.Name, socket.Id, (object?[])[e.Name, .. e.Args.ToArray()], Now()));
                socket.OnAnyOutgoing((name, args) => Broadcast("event_sent", nsp.Name, socket.Id, (object?[])[name, .. args], Now()));
            }
            socket.On("disconnect", e =>
            {
                if (onUpgrade is not null)
                    socket.Conn.Upgraded -= onUpgrade;
                _shownData.TryRemove(socket, out _);
                Broadcast("socket_disconnected", nsp.Name, socket.Id, e.Args.Count > 0 ? e.Args[0].GetString() : null, Now());
            });
        }
        catch (Exception ex)
        {
            AdminUILog.ListenerFailed(_logger, nsp.Name, ex);
        }
    }

    /// <summary>Tells the UI about every local socket whose data changed since it was last shown.</summary>
    private void SendDataChanges()
    {
        foreach (var (socket, shown) in _shownData)
        {
            if (!socket.Connected)
            {
                _shownData.TryRemove(socket, out _);
                continue;
            }
            var data = _serializer.DataOf(socket.Id, socket.Data);
            var text = data.GetRawText();
            if (text == shown || !_shownData.TryUpdate(socket, text, shown))
                continue;
            Broadcast("socket_updated", Json(new SocketUpdate(socket.Id, socket.Namespace.Name, data, null)));
        }
    }
}
