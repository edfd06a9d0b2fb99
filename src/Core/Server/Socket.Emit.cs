using System.Collections.Concurrent;
using SocketIO.Protocol;

namespace SocketIO;

public sealed partial class Socket
{
    // Created on first use: most sockets never wait for an ack, and an idle socket should cost little.
    private ConcurrentDictionary<long, Action<PacketData?>>? _acks;
    private ConcurrentDictionary<long, TaskCompletionSource<SocketArgs>>? _awaitedAcks;

    private ConcurrentDictionary<long, Action<PacketData?>> Acks =>
        _acks ?? LazyInitializer.EnsureInitialized(ref _acks, static () => new(concurrencyLevel: 1, capacity: 4));

    private ConcurrentDictionary<long, TaskCompletionSource<SocketArgs>> AwaitedAcks =>
        _awaitedAcks ?? LazyInitializer.EnsureInitialized(ref _awaitedAcks, static () => new(concurrencyLevel: 1, capacity: 4));

    /// <summary>Sends an event to this client. Returns false when the socket is disconnected or the packet was dropped.</summary>
    public bool Emit(string eventName, params object?[] args)
    {
        BroadcastOperator.CheckName(eventName);
        if (!Connected)
            return false;
        var data = Server.Serializer.WriteEvent(eventName, args);
        if (_anyOutgoing.Length > 0)
            NotifyOutgoing(eventName, args);
        return SendPacket(new SocketPacket(PacketType.Event, Namespace.Name, data), false);
    }

    /// <summary>Sends an event and waits for the client's ack (no timeout; fails if the socket disconnects).</summary>
    public Task<SocketArgs> EmitWithAckAsync(string eventName, params object?[] args) => EmitWithAckCore(eventName, args, null);

    /// <summary>Sets a timeout for <see cref="TimedEmitter.EmitWithAckAsync"/>, as Node's <c>socket.timeout(ms)</c>.</summary>
    public TimedEmitter Timeout(TimeSpan timeout) => new(this, timeout);

    internal Task<SocketArgs> EmitWithAckCore(string eventName, object?[] args, TimeSpan? timeout)
    {
        BroadcastOperator.CheckName(eventName);
        if (!Connected)
            return Task.FromException<SocketArgs>(new InvalidOperationException("The socket is disconnected."));
        var id = Namespace.NextAckId();
        var tcs = new TaskCompletionSource<SocketArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        ITimer? timer = null;
        AwaitedAcks[id] = tcs;
        Acks[id] = data =>
        {
            timer?.Dispose();
            _awaitedAcks!.TryRemove(id, out _);
            tcs.TrySetResult(new SocketArgs(data, 0, Server.Serializer));
        };
        if (timeout is { } t)
        {
            timer = Server.Time.CreateTimer(state =>
            {
                _awaitedAcks!.TryRemove(id, out _);
                if (_acks!.TryRemove(id, out _))
                    tcs.TrySetException(new TimeoutException($"No ack for \"{eventName}\" within {t.TotalMilliseconds} ms."));
            }, null, t, System.Threading.Timeout.InfiniteTimeSpan);
        }
        var data = Server.Serializer.WriteEvent(eventName, args);
        if (_anyOutgoing.Length > 0)
            NotifyOutgoing(eventName, args);
        SendPacket(new SocketPacket(PacketType.Event, Namespace.Name, data, id), false);
        return tcs.Task;
    }

    void Adapters.ILocalSocket.ExpectAck(long id, Action<PacketData?> onAck) => Acks[id] = onAck;

    void Adapters.ILocalSocket.CancelAck(long id) => _acks?.TryRemove(id, out _);

    /// <summary>Acks this socket still waits for (its own and broadcasts').</summary>
    internal int PendingAckCount => _acks?.Count ?? 0;

    private Ack CreateAck(long id)
    {
        var sent = 0;
        return args =>
        {
            // A socket acks at most once per id.
            if (Interlocked.Exchange(ref sent, 1) != 0 || !Connected)
                return;
            SendPacket(new SocketPacket(PacketType.Ack, Namespace.Name, Server.Serializer.WriteArray(args), id), false);
        };
    }

    private void OnAck(SocketPacket packet)
    {
        if (packet.Id is { } id && _acks is { } acks && acks.TryRemove(id, out var callback))
        {
            try
            {
                callback(packet.Data);
            }
            catch (Exception ex)
            {
                Server.Log.HandlerFailed(Namespace.Name, "ack callback", ex);
            }
        }
    }

    private void FailPendingAcks()
    {
        _acks?.Clear();
        if (_awaitedAcks is not { } awaited)
            return;
        foreach (var id in awaited.Keys)
            if (awaited.TryRemove(id, out var tcs))
                tcs.TrySetException(new InvalidOperationException("The socket disconnected before the ack arrived."));
    }
}

/// <summary>Emits with an ack timeout (<c>socket.Timeout(t).EmitWithAckAsync(...)</c>).</summary>
public readonly struct TimedEmitter
{
    private readonly Socket _socket;
    private readonly TimeSpan _timeout;

    internal TimedEmitter(Socket socket, TimeSpan timeout)
    {
        _socket = socket;
        _timeout = timeout;
    }

    /// <summary>Sends an event and waits for the ack; throws <see cref="TimeoutException"/> when it does not come in time.</summary>
    public Task<SocketArgs> EmitWithAckAsync(string eventName, params object?[] args) => _socket.EmitWithAckCore(eventName, args, _timeout);
}
