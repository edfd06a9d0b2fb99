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
    public bool Emit(string eventName, params object?[] args) => EmitCore(eventName, args, isVolatile: false);

    /// <summary>Sends an event and waits for the client's ack (no timeout; fails if the socket disconnects).</summary>
    public Task<SocketArgs> EmitWithAckAsync(string eventName, params object?[] args) => EmitWithAckCore(eventName, args, null, isVolatile: false);

    /// <summary>Sets a timeout for <see cref="SocketEmitter.EmitWithAckAsync"/>, as Node's <c>socket.timeout(ms)</c>.</summary>
    public SocketEmitter Timeout(TimeSpan timeout) => new SocketEmitter(this).Timeout(timeout);

    /// <summary>
    /// The next emit may be dropped when this client cannot take it now (its outbound queue is full),
    /// instead of disconnecting it, as Node's <c>socket.volatile.emit(…)</c>.
    /// </summary>
    public SocketEmitter Volatile => new SocketEmitter(this).Volatile;

    /// <summary>
    /// Compression hint for the next emit, as Node's <c>socket.compress(false).emit(…)</c>. The transports of
    /// this project do not compress single messages, so the flag changes nothing on the wire; it keeps code ported from Node valid.
    /// </summary>
    public SocketEmitter Compress(bool compress) => new SocketEmitter(this).Compress(compress);

    internal bool EmitCore(string eventName, object?[] args, bool isVolatile)
    {
        BroadcastOperator.CheckName(eventName);
        if (!Connected)
            return false;
        var data = Server.Serializer.WriteEvent(eventName, args);
        if (_anyOutgoing.Length > 0)
            NotifyOutgoing(eventName, args);
        var packet = new SocketPacket(PacketType.Event, Namespace.Name, data);
        if (Pid is null || isVolatile)
            return SendPacket(packet, isVolatile);
        // Recovery on: through the adapter, as Node does, so that the event is stored and carries its offset.
        Namespace.Track(Namespace.Adapter.EmitToSocketAsync(Id, packet), "emit");
        return true;
    }

    internal Task<SocketArgs> EmitWithAckCore(string eventName, object?[] args, TimeSpan? timeout, bool isVolatile)
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
                {
                    Namespace.CountAckTimeout();
                    tcs.TrySetException(new TimeoutException($"No ack for \"{eventName}\" within {t.TotalMilliseconds} ms."));
                }
            }, null, t, System.Threading.Timeout.InfiniteTimeSpan);
        }
        var data = Server.Serializer.WriteEvent(eventName, args);
        if (_anyOutgoing.Length > 0)
            NotifyOutgoing(eventName, args);
        if (!SendPacket(new SocketPacket(PacketType.Event, Namespace.Name, data, id), isVolatile))
        {
            // Dropped (volatile, queue full) or the session just closed: no ack can come.
            timer?.Dispose();
            _awaitedAcks!.TryRemove(id, out _);
            if (_acks!.TryRemove(id, out _))
                tcs.TrySetException(new InvalidOperationException($"\"{eventName}\" was not sent: the client's outbound queue is full or the socket is closing."));
        }
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
