namespace SocketIO;

public sealed partial class SocketIOServer
{
    /// <summary>Adds connection middleware to "/".</summary>
    public SocketIOServer Use(Func<Socket, ValueTask> middleware)
    {
        Sockets.Use(middleware);
        return this;
    }

    /// <summary>Adds synchronous connection middleware to "/".</summary>
    public SocketIOServer Use(Action<Socket> middleware)
    {
        Sockets.Use(middleware);
        return this;
    }

    /// <summary>Handles connections to "/".</summary>
    public SocketIOServer OnConnection(Func<Socket, ValueTask> handler)
    {
        Sockets.OnConnection(handler);
        return this;
    }

    /// <summary>Handles connections to "/".</summary>
    public SocketIOServer OnConnection(Action<Socket> handler)
    {
        Sockets.OnConnection(handler);
        return this;
    }

    /// <summary>Targets rooms of "/".</summary>
    public BroadcastOperator To(params string[] rooms) => Sockets.To(rooms);

    /// <summary>Alias of <see cref="To"/>.</summary>
    public BroadcastOperator In(params string[] rooms) => Sockets.In(rooms);

    /// <summary>Excludes rooms of "/".</summary>
    public BroadcastOperator Except(params string[] rooms) => Sockets.Except(rooms);

    /// <summary>Volatile broadcast on "/".</summary>
    public BroadcastOperator Volatile => Sockets.Volatile;

    /// <summary>Node-local broadcast on "/".</summary>
    public BroadcastOperator Local => Sockets.Local;

    /// <summary>Broadcast with an ack timeout on "/".</summary>
    public BroadcastOperator Timeout(TimeSpan timeout) => Sockets.Timeout(timeout);

    /// <summary>Emits to every socket of "/".</summary>
    public bool Emit(string eventName, params object?[] args) => Sockets.Emit(eventName, args);

    /// <summary>Emits to every socket of "/" and collects acks.</summary>
    public Task<BroadcastAckResult> EmitWithAckAsync(string eventName, params object?[] args) => Sockets.EmitWithAckAsync(eventName, args);

    /// <summary>Describes the sockets of "/".</summary>
    public Task<IReadOnlyList<RemoteSocket>> FetchSocketsAsync() => Sockets.FetchSocketsAsync();

    /// <summary>Makes every socket of "/" join rooms.</summary>
    public void SocketsJoin(params string[] rooms) => Sockets.SocketsJoin(rooms);

    /// <summary>Makes every socket of "/" leave rooms.</summary>
    public void SocketsLeave(params string[] rooms) => Sockets.SocketsLeave(rooms);

    /// <summary>Disconnects every socket of "/".</summary>
    public void DisconnectSockets(bool close = false) => Sockets.DisconnectSockets(close);

    /// <summary>Sends an event to "/" on the other nodes.</summary>
    public void ServerSideEmit(string eventName, params object?[] args) => Sockets.ServerSideEmit(eventName, args);

    /// <summary>Sends an event to "/" on the other nodes; the task faults when they could not be reached.</summary>
    public Task ServerSideEmitAsync(string eventName, params object?[] args) => Sockets.ServerSideEmitAsync(eventName, args);

    /// <summary>Sends an event to "/" on the other nodes and waits for one reply from each.</summary>
    public Task<BroadcastAckResult> ServerSideEmitWithAckAsync(string eventName, TimeSpan timeout, params object?[] args) =>
        Sockets.ServerSideEmitWithAckAsync(eventName, timeout, args);

    /// <summary>Number of servers in the cluster serving "/", this one included.</summary>
    public Task<int> ServerCountAsync() => Sockets.Adapter.ServerCountAsync();

    /// <summary>Handles server-side emits from other nodes on "/".</summary>
    public SocketIOServer OnServerSideEmit(string eventName, Func<SocketEvent, ValueTask> handler)
    {
        Sockets.OnServerSideEmit(eventName, handler);
        return this;
    }
}
