using SocketIO.Protocol;

namespace SocketIO.Adapters.Cluster;

public abstract partial class ClusterAdapter
{
    private readonly Lock _offsetOrder = new();
    private Task _lastOffsetDelivery = Task.CompletedTask;

    /// <summary>
    /// Whether this event's offset comes from the broker: recovery is on, the event may be stored, and the plug-in
    /// keeps the events in the broker rather than in memory (<see cref="InMemoryAdapter.StoresEventsLocally"/> false).
    /// </summary>
    private bool TakesOffsetsFromBroker(SocketPacket packet, BroadcastOptions options) =>
        !StoresEventsLocally && Host.Recovery is not null && IsRecoverable(packet, options);

    /// <inheritdoc />
    public override ValueTask EmitToSocketAsync(string socketId, SocketPacket packet)
    {
        // As socket.io-adapter: socket.emit becomes a broadcast to the socket's room, published so that another
        // node can replay it to the client when it comes back there.
        if (Host.Recovery is null || StoresEventsLocally)
            return base.EmitToSocketAsync(socketId, packet);
        return BroadcastAsync(packet, new BroadcastOptions { Rooms = new HashSet<string>(1, StringComparer.Ordinal) { socketId } });
    }

    // socket.io-adapter's ClusterAdapter.broadcast: publish, then deliver locally with the offset the broker
    // returned. Deliveries are chained in publish order, so each socket receives events in offset order; when
    // the publish fails the event is still delivered here, without an offset, and the task faults.
    private Task PublishThenDeliver(SocketPacket packet, BroadcastOptions options)
    {
        lock (_offsetOrder)
        {
            var published = PublishOrThrowAsync(new ClusterMessage { Type = ClusterMessageType.Broadcast, Data = packet.Data, Options = options });
            var delivery = DeliverAfterAsync(_lastOffsetDelivery, published, packet, options);
            _lastOffsetDelivery = delivery.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return delivery;
        }
    }

    private async Task DeliverAfterAsync(Task previous, Task<string?> published, SocketPacket packet, BroadcastOptions options)
    {
        string? offset = null;
        Exception? failure = null;
        try
        {
            offset = await published.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        await previous.ConfigureAwait(false);
        BroadcastLocal(packet, options, string.IsNullOrEmpty(offset) ? null : offset);
        if (failure is not null)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }
}
