using SocketIO.Adapters;
using SocketIO.Protocol;

namespace SocketIO;

public partial class Namespace
{
    private BroadcastOperator Operator => new(this);

    /// <summary>Targets sockets in a room (chainable).</summary>
    public BroadcastOperator To(params string[] rooms) => Operator.To(rooms);

    /// <summary>Alias of <see cref="To"/>.</summary>
    public BroadcastOperator In(params string[] rooms) => Operator.To(rooms);

    /// <summary>Excludes sockets in rooms.</summary>
    public BroadcastOperator Except(params string[] rooms) => Operator.Except(rooms);

    /// <summary>The next emit may be dropped for clients that cannot take it now.</summary>
    public BroadcastOperator Volatile => Operator.Volatile;

    /// <summary>The next operation stays on this node.</summary>
    public BroadcastOperator Local => Operator.Local;

    /// <summary>Sets the ack timeout for the next broadcast with acks.</summary>
    public BroadcastOperator Timeout(TimeSpan timeout) => Operator.Timeout(timeout);

    /// <summary>Emits to every socket of the namespace.</summary>
    public bool Emit(string eventName, params object?[] args) => Operator.Emit(eventName, args);

    /// <summary>Emits to every socket and collects their acks.</summary>
    public Task<BroadcastAckResult> EmitWithAckAsync(string eventName, params object?[] args) => Operator.EmitWithAckAsync(eventName, args);

    /// <summary>Describes every socket of the namespace (cluster-wide with a cluster adapter).</summary>
    public virtual Task<IReadOnlyList<RemoteSocket>> FetchSocketsAsync() => Operator.FetchSocketsAsync();

    /// <summary>Makes every socket join rooms (cluster-wide).</summary>
    public void SocketsJoin(params string[] rooms) => Operator.SocketsJoin(rooms);

    /// <summary>Makes every socket join rooms; see <see cref="BroadcastOperator.SocketsJoinAsync"/>.</summary>
    public Task SocketsJoinAsync(params string[] rooms) => Operator.SocketsJoinAsync(rooms);

    /// <summary>Makes every socket leave rooms (cluster-wide).</summary>
    public void SocketsLeave(params string[] rooms) => Operator.SocketsLeave(rooms);

    /// <summary>Makes every socket leave rooms; see <see cref="BroadcastOperator.SocketsJoinAsync"/>.</summary>
    public Task SocketsLeaveAsync(params string[] rooms) => Operator.SocketsLeaveAsync(rooms);

    /// <summary>Disconnects every socket (cluster-wide).</summary>
    public void DisconnectSockets(bool close = false) => Operator.DisconnectSockets(close);

    /// <summary>Disconnects every socket; see <see cref="BroadcastOperator.SocketsJoinAsync"/>.</summary>
    public Task DisconnectSocketsAsync(bool close = false) => Operator.DisconnectSocketsAsync(close);

    /// <summary>Sends an event to this namespace on the other nodes (a no-op on a single node); a failure is logged.</summary>
    public void ServerSideEmit(string eventName, params object?[] args) => _ = ServerSideEmitAsync(eventName, args);

    /// <summary>Sends an event to this namespace on the other nodes; the task faults when they could not be reached.</summary>
    public Task ServerSideEmitAsync(string eventName, params object?[] args)
    {
        if (ReservedEvents.Contains(eventName) || eventName is "connection" or "new_namespace")
            throw new ArgumentException($"\"{eventName}\" is a reserved event name.", nameof(eventName));
        return Track(Adapter.ServerSideEmitAsync(Server.Serializer.WriteEvent(eventName, args)), "server-side emit");
    }

    /// <summary>
    /// Sends an event to the other nodes and waits for one reply from each, or the timeout: then the result
    /// says so and holds the replies received. Faults with <see cref="AdapterException"/> when the other
    /// nodes could not be reached.
    /// </summary>
    public async Task<BroadcastAckResult> ServerSideEmitWithAckAsync(string eventName, TimeSpan timeout, params object?[] args)
    {
        if (ReservedEvents.Contains(eventName) || eventName is "connection" or "new_namespace")
            throw new ArgumentException($"\"{eventName}\" is a reserved event name.", nameof(eventName));
        var replies = await Adapter.ServerSideEmitWithAckAsync(Server.Serializer.WriteEvent(eventName, args), timeout).ConfigureAwait(false);
        return new BroadcastAckResult(replies.TimedOut, replies.Responses.Select(r => new SocketArgs(r, 0, Server.Serializer)).ToList());
    }

    internal void DeliverServerSideEmit(PacketData data, Action<PacketData?>? ack)
    {
        var args = new SocketArgs(data, 0, Server.Serializer);
        if (args.Count == 0 || args[0].ValueKind != System.Text.Json.JsonValueKind.String)
            return;
        var name = args[0].GetString()!;
        Func<SocketEvent, ValueTask>[]? handlers;
        lock (_serverSideHandlers)
            _serverSideHandlers.TryGetValue(name, out handlers);
        if (handlers is null)
            return;
        var replied = 0;
        Ack? reply = ack is null ? null : a =>
        {
            if (Interlocked.Exchange(ref replied, 1) == 0)
                ack(Server.Serializer.WriteArray(a));
        };
        var e = new SocketEvent(null!, name, new SocketArgs(data, 1, Server.Serializer), reply);
        foreach (var h in handlers)
            _ = ObserveAsync(h(e).AsTask(), "server-side emit handler");
    }

    /// <summary>
    /// Returns a task for an adapter operation that the caller may or may not await: a failure is logged
    /// here either way, so it is never lost and never unobserved.
    /// </summary>
    internal Task Track(ValueTask operation, string what)
    {
        if (operation.IsCompletedSuccessfully)
            return Task.CompletedTask;
        var task = operation.AsTask();
        task.ContinueWith(static (t, s) =>
        {
            var (nsp, what) = ((Namespace, string))s!;
            nsp.LogAdapterFailure(what, t.Exception!.GetBaseException());
        }, (this, what), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    private static readonly TimeSpan AdapterFailureLogInterval = TimeSpan.FromSeconds(5);
    private long _lastAdapterFailureLog = long.MinValue;
    private int _suppressedAdapterFailures;

    // While a broker is down every broadcast fails the same way: one line per interval, with the count of
    // the failures it stands for, instead of one per operation.
    private void LogAdapterFailure(string what, Exception error)
    {
        var now = Server.Time.GetTimestamp();
        var last = Interlocked.Read(ref _lastAdapterFailureLog);
        if (last != long.MinValue && Server.Time.GetElapsedTime(last, now) < AdapterFailureLogInterval)
        {
            Interlocked.Increment(ref _suppressedAdapterFailures);
            return;
        }
        if (Interlocked.CompareExchange(ref _lastAdapterFailureLog, now, last) != last)
        {
            Interlocked.Increment(ref _suppressedAdapterFailures);
            return;
        }
        Server.Log.AdapterOperationFailed(Name, what, Interlocked.Exchange(ref _suppressedAdapterFailures, 0), error);
    }

    /// <summary>Sends an event packet through the adapter (a parent namespace fans out to its children).</summary>
    internal virtual ValueTask BroadcastEventAsync(PacketData data, BroadcastOptions options)
    {
        CountBroadcast();
        return Adapter.BroadcastAsync(new SocketPacket(PacketType.Event, Name, data), options);
    }

    /// <summary>
    /// Sends an event packet that asks for acks through the adapter; returns how many servers will
    /// report a client count (one call of <paramref name="clientCount"/> each). Faults when the
    /// broadcast could not reach the other nodes.
    /// </summary>
    internal virtual Task<int> BroadcastEventWithAck(PacketData data, BroadcastOptions options, Action<int> clientCount, Action<PacketData?> ack)
    {
        CountBroadcast();
        ValueTask sent;
        try
        {
            sent = Adapter.BroadcastWithAckAsync(new SocketPacket(PacketType.Event, Name, data), options, clientCount, ack);
        }
        catch (Exception ex)
        {
            return Task.FromException<int>(ex);
        }
        // Local: only this node delivers, so only this node reports.
        if (options.Flags.Local)
            return sent.IsCompletedSuccessfully ? Task.FromResult(1) : AfterAsync(sent, Task.FromResult(1));
        return sent.IsCompletedSuccessfully ? ServerCount() : AfterAsync(sent, null);

        Task<int> ServerCount()
        {
            try
            {
                return Adapter.ServerCountAsync();
            }
            catch (Exception ex)
            {
                return Task.FromException<int>(ex);
            }
        }

        async Task<int> AfterAsync(ValueTask first, Task<int>? count)
        {
            await first.ConfigureAwait(false);
            return await (count ?? ServerCount()).ConfigureAwait(false);
        }
    }

    internal virtual Task<IReadOnlyList<SocketInfo>> FetchCoreAsync(BroadcastOptions options) => Adapter.FetchSocketsAsync(options);

    internal virtual ValueTask AddSocketsCore(BroadcastOptions options, IReadOnlyCollection<string> rooms) => Adapter.AddSocketsAsync(options, rooms);

    internal virtual ValueTask DeleteSocketsCore(BroadcastOptions options, IReadOnlyCollection<string> rooms) => Adapter.DeleteSocketsAsync(options, rooms);

    internal virtual ValueTask DisconnectSocketsCore(BroadcastOptions options, bool close) => Adapter.DisconnectSocketsAsync(options, close);
}
