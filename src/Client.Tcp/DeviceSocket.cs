using System.Collections.Concurrent;
using System.Text.Json;
using SocketIO.Protocol;

namespace SocketIO.DeviceClient;

/// <summary>
/// One namespace of a <see cref="SocketIOTcpClient"/> connection, as socket.io-client's <c>Socket</c>:
/// <c>On</c>, <c>Emit</c>, <c>EmitWithAckAsync</c>, and the connect and disconnect
/// events. Several sockets share the one TCP connection of their client.
/// </summary>
public sealed partial class DeviceSocket
{
    private readonly SocketIOTcpClient _client;
    private readonly object? _auth;
    private readonly ConcurrentDictionary<string, Func<DeviceEvent, Task>[]> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<DeviceArgs>> _acks = new();
    private readonly Queue<SocketPacket> _buffer = new();
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextAckId;
    private volatile bool _active;
    private volatile string? _id;

    internal DeviceSocket(SocketIOTcpClient client, string nsp, object? auth)
    {
        _client = client;
        Namespace = nsp;
        _auth = auth;
    }

    /// <summary>The namespace, "/" for the main one.</summary>
    public string Namespace { get; }

    /// <summary>The socket id the server assigned; null while not connected.</summary>
    public string? Id => _id;

    /// <summary>True while connected to the namespace.</summary>
    public bool Connected => _id is not null;

    /// <summary>Raised when the namespace connection is established (again, after a reconnection).</summary>
    public event Action<DeviceSocket>? OnConnect;

    /// <summary>Raised with the reason when the socket is disconnected ("io server disconnect", "transport close", "ping timeout", ...).</summary>
    public event Action<DeviceSocket, string>? OnDisconnect;

    /// <summary>Raised when the server refuses the connection (middleware or unknown namespace).</summary>
    public event Action<DeviceSocket, DeviceConnectError>? OnConnectError;

    /// <summary>Handles an event from the server.</summary>
    public DeviceSocket On(string eventName, Func<DeviceEvent, Task> handler)
    {
        _handlers.AddOrUpdate(eventName, [handler], (_, existing) => [.. existing, handler]);
        return this;
    }

    /// <summary>Handles an event from the server synchronously.</summary>
    public DeviceSocket On(string eventName, Action<DeviceEvent> handler) =>
        On(eventName, e =>
        {
            handler(e);
            return Task.CompletedTask;
        });

    /// <summary>Completes when the socket is connected, or fails with the server's refusal.</summary>
    public Task WaitConnectedAsync(CancellationToken cancellationToken = default) => Volatile.Read(ref _connected).Task.WaitAsync(cancellationToken);

    /// <summary>Connects the namespace (done for every socket by <see cref="SocketIOTcpClient.ConnectAsync"/>).</summary>
    public DeviceSocket Connect()
    {
        if (Volatile.Read(ref _connected).Task.IsFaulted)
            Volatile.Write(ref _connected, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _active = true;
        _client.SendConnect(this);
        return this;
    }

    /// <summary>Leaves the namespace; the connection stays for the client's other sockets.</summary>
    public void Disconnect()
    {
        if (!_active)
            return;
        _active = false;
        if (_id is not null)
            _client.Send(new SocketPacket(PacketType.Disconnect, Namespace));
        OnClosed("io client disconnect");
    }

    internal bool IsActive => _active;

    internal PacketData? AuthData => _auth is null ? null : _client.Serializer.WriteValue(_auth);

    internal void OnPacket(SocketPacket packet)
    {
        switch (packet.Type)
        {
            case PacketType.Connect:
                _id = packet.Data?.Root is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("sid", out var sid) ? sid.GetString() : "";
                FlushBuffer();
                Raise(() => OnConnect?.Invoke(this));
                Volatile.Read(ref _connected).TrySetResult();
                break;
            case PacketType.ConnectError:
                _active = false;
                var error = ToConnectError(packet.Data);
                Raise(() => OnConnectError?.Invoke(this, error));
                // The wait stays failed (a later WaitConnectedAsync sees the refusal) until Connect is called again.
                Volatile.Read(ref _connected).TrySetException(new DeviceConnectException(error));
                break;
            case PacketType.Disconnect:
                _active = false;
                OnClosed("io server disconnect");
                break;
            case PacketType.Event or PacketType.BinaryEvent:
                OnEvent(packet);
                break;
            case PacketType.Ack or PacketType.BinaryAck:
                if (packet.Id is { } id && _acks.TryRemove(id, out var pending))
                    pending.TrySetResult(new DeviceArgs(packet.Data, 0, _client.Serializer));
                break;
        }
    }

    /// <summary>The connection ended (or the socket left): pending state is dropped, the reason is raised.</summary>
    internal void OnClosed(string reason)
    {
        if (Interlocked.Exchange(ref _id, null) is null)
            return;
        if (Volatile.Read(ref _connected).Task.IsCompleted)
            Volatile.Write(ref _connected, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Raise(() => OnDisconnect?.Invoke(this, reason));
    }

    private DeviceConnectError ToConnectError(PacketData? data)
    {
        if (data?.Root is { ValueKind: JsonValueKind.Object } root)
        {
            var message = root.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
            return new DeviceConnectError(message, root.TryGetProperty("data", out var d) ? d.Clone() : null);
        }
        return new DeviceConnectError(data?.Root.ValueKind == JsonValueKind.String ? data.Root.GetString() ?? "" : "connect error", null);
    }

    private void OnEvent(SocketPacket packet)
    {
        var args = new DeviceArgs(packet.Data, 1, _client.Serializer);
        var all = new DeviceArgs(packet.Data, 0, _client.Serializer);
        if (all.Count == 0 || all[0].ValueKind != JsonValueKind.String)
            return;
        var name = all[0].GetString()!;
        Action<object?[]>? ack = packet.Id is { } id
            ? a => _client.Send(new SocketPacket(PacketType.Ack, Namespace, _client.Serializer.WriteArray(a), id))
            : null;
        var e = new DeviceEvent(this, name, args, ack);
        if (!_handlers.TryGetValue(name, out var handlers))
            return;
        foreach (var handler in handlers)
            _ = RunHandlerAsync(handler, e);
    }

    private async Task RunHandlerAsync(Func<DeviceEvent, Task> handler, DeviceEvent e)
    {
        try
        {
            await handler(e).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _client.OnHandlerFailed(Namespace, e.Name, ex);
        }
    }

    private void Raise(Action raise)
    {
        try
        {
            raise();
        }
        catch (Exception ex)
        {
            _client.OnHandlerFailed(Namespace, "connect/disconnect", ex);
        }
    }
}

/// <summary>The server refused a namespace connection.</summary>
public sealed class DeviceConnectException(DeviceConnectError error) : Exception(error.Message)
{
    /// <summary>The refusal's message and data.</summary>
    public DeviceConnectError Error { get; } = error;
}
