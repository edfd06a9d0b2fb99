using SocketIO.Adapters;
using SocketIO.Adapters.Cluster;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Adapters.Cluster;

/// <summary>The cluster base beyond the contract: faults, liveness, and bounded request tables.</summary>
public class ClusterAdapterTests
{
    private static ClusterAdapterOptions Fast => new()
    {
        HeartbeatInterval = TimeSpan.FromMilliseconds(200),
        // Wide enough that a live node is never dropped on a loaded machine, still far below RequestsTimeout.
        HeartbeatTimeout = TimeSpan.FromSeconds(3),
        RequestsTimeout = TimeSpan.FromSeconds(60),
    };

    [Fact]
    public async Task While_the_broker_is_down_local_delivery_works_and_cluster_operations_fail_fast()
    {
        var broker = new MemoryBroker();
        await using var cluster = await InProcessCluster.StartAsync(2, _ => broker.Node(Fast));
        var (a, aId) = await cluster.ConnectAsync(0);
        broker.Down = true;

        Assert.True(cluster[0].Emit("still", "local"));
        Assert.Equal("42[\"still\",\"local\"]", await a.NextAsync());

        await Assert.ThrowsAsync<AdapterException>(() => cluster[0].FetchSocketsAsync().WaitAsync(InProcessCluster.Wait));
        await Assert.ThrowsAsync<AdapterException>(() => cluster[0].Timeout(TimeSpan.FromSeconds(60)).EmitWithAckAsync("q").WaitAsync(InProcessCluster.Wait));
        await Assert.ThrowsAsync<AdapterException>(() => cluster[0].ServerSideEmitAsync("x").WaitAsync(InProcessCluster.Wait));
        await Assert.ThrowsAsync<AdapterException>(() => cluster[0].Sockets.ServerSideEmitWithAckAsync("x", TimeSpan.FromSeconds(60)).WaitAsync(InProcessCluster.Wait));
        var join = cluster[0].Sockets.SocketsJoinAsync("r");
        Assert.Contains("r", cluster[0].Sockets.Sockets[aId].Rooms);
        await Assert.ThrowsAsync<AdapterException>(() => join.WaitAsync(InProcessCluster.Wait));
        // The fire-and-forget form logs instead of throwing into the caller.
        cluster[0].Sockets.SocketsJoin("r2");
        Assert.Equal(0, ((ClusterAdapter)cluster[0].Sockets.Adapter).PendingRequestCount);

        broker.Down = false;
        var sockets = await cluster[0].FetchSocketsAsync().WaitAsync(InProcessCluster.Wait);
        Assert.Single(sockets);
    }

    [Fact]
    public async Task A_dead_node_stops_being_waited_for_well_before_the_requests_timeout()
    {
        var broker = new MemoryBroker();
        await using var cluster = await InProcessCluster.StartAsync(3, _ => broker.Node(Fast),
            (i, io) => io.OnServerSideEmit("who", e =>
            {
                e.Ack?.Invoke(i);
                return ValueTask.CompletedTask;
            }));
        await cluster.ConnectAsync(1);
        var dead = ((ClusterAdapter)cluster[2].Sockets.Adapter).Uid;
        lock (broker.Cut)
            broker.Cut.Add(dead);

        // RequestsTimeout is 60 s: only liveness can end these within the test's wait.
        var fetch = cluster[0].FetchSocketsAsync().WaitAsync(InProcessCluster.Wait);
        var ask = cluster[0].Sockets.ServerSideEmitWithAckAsync("who", TimeSpan.FromSeconds(60)).WaitAsync(InProcessCluster.Wait);

        Assert.Single(await fetch);
        var replies = await ask;
        Assert.False(replies.TimedOut);
        Assert.Equal([1], replies.Responses.Select(r => r.Get<int>(0)));
        Assert.Equal(2, await cluster[0].ServerCountAsync());
    }

    [Fact]
    public async Task A_closed_node_leaves_the_others_count_at_once()
    {
        var broker = new MemoryBroker();
        var options = Fast;
        options.HeartbeatTimeout = TimeSpan.FromSeconds(60);
        await using var cluster = await InProcessCluster.StartAsync(2, _ => broker.Node(options));
        await cluster[1].CloseAsync().WaitAsync(InProcessCluster.Wait);
        await cluster.UntilAsync(async () => await cluster[0].ServerCountAsync() == 1, "node 0 counts itself only");
    }

    [Fact]
    public async Task Ten_thousand_requests_to_a_peer_that_never_answers_leave_no_entry_behind()
    {
        var broker = new MemoryBroker();
        var options = Fast;
        options.RequestsTimeout = TimeSpan.FromMilliseconds(100);
        await using var cluster = await InProcessCluster.StartAsync(2, _ => broker.Node(options));
        var adapter = (ClusterAdapter)cluster[0].Sockets.Adapter;
        await cluster.ConnectAsync(1); // a client that never acks

        var requests = new List<Task>();
        for (var i = 0; i < 10_000; i++)
        {
            requests.Add(cluster[0].Sockets.ServerSideEmitWithAckAsync("nobody-listens", TimeSpan.FromMilliseconds(100)));
            if (i % 10 == 0)
                requests.Add(cluster[0].Timeout(TimeSpan.FromMilliseconds(100)).EmitWithAckAsync("unanswered"));
        }
        await Task.WhenAll(requests).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.All(requests, t => Assert.True(t.IsCompletedSuccessfully));
        await cluster.UntilAsync(() => adapter.PendingRequestCount == 0, "every request entry is gone");
    }

    [Fact]
    public async Task Messages_from_another_namespace_or_from_itself_are_ignored()
    {
        var broker = new MemoryBroker();
        await using var cluster = await InProcessCluster.StartAsync(2, _ => broker.Node(Fast), (_, io) => io.Of("/other"));
        var (b, _) = await cluster.ConnectAsync(1);
        var own = ((ClusterAdapter)cluster[1].Sockets.Adapter).Uid;
        var receiver = (MemoryClusterAdapter)cluster[1].Sockets.Adapter;
        var packet = PacketDataOf("[\"nope\"]");
        receiver.Enqueue(ClusterMessageCodec.EncodeMsgpack(new ClusterMessage { Type = ClusterMessageType.Broadcast, Uid = "someone", Namespace = "/other", Data = packet }), isResponse: false);
        receiver.Enqueue(ClusterMessageCodec.EncodeMsgpack(new ClusterMessage { Type = ClusterMessageType.Broadcast, Uid = own, Namespace = "/", Data = packet }), isResponse: false);
        receiver.Enqueue(ClusterMessageCodec.EncodeJson(new ClusterMessage { Type = ClusterMessageType.Broadcast, Uid = "someone", Namespace = "/", Data = PacketDataOf("[\"yes\"]") }), isResponse: false);
        Assert.Equal("42[\"yes\"]", await b.NextAsync());
    }

    private static SocketIO.Protocol.PacketData PacketDataOf(string json) => SocketIO.Protocol.PacketData.FromJson(json);
}
