using System.Text.Json;
using SocketIO.Adapters;

namespace SocketIO.TestSupport;

/// <summary>
/// The adapter contract, run against every adapter (in the manner of SignalR's Specification.Tests):
/// several servers in one process, each with its own adapter instance of one cluster, clients on each.
/// A single-node adapter runs the same tests with every "node" being the one server.
/// </summary>
public abstract class AdapterConformanceTests
{
    /// <summary>The adapter factory of node <paramref name="node"/> of a new cluster named <paramref name="cluster"/>.</summary>
    protected abstract IAdapterFactory CreateNode(string cluster, int node);

    /// <summary>How many servers a test's cluster has (1 for a single-node adapter).</summary>
    protected virtual int Nodes => 2;

    /// <summary>Settings for every server of the cluster.</summary>
    protected virtual void ConfigureOptions(SocketIOOptions options)
    {
    }

    /// <summary>
    /// Waits until a room joined on <paramref name="nodes"/> nodes can be reached by a broadcast from any node.
    /// Immediate for most adapters; Redis sharded Pub/Sub in its dynamic mode subscribes a room's channel
    /// when the room is created, and a broadcast published before that subscription completes misses it
    /// (as it does with Node's adapter).
    /// </summary>
    protected virtual Task RoomReachableAsync(string nsp, string room, int nodes) => Task.CompletedTask;

    private Task<InProcessCluster> StartAsync(Action<int, SocketIOServer>? configure = null)
    {
        var name = Guid.NewGuid().ToString("N")[..8];
        return InProcessCluster.StartAsync(Nodes, i => CreateNode(name, i), configure, ConfigureOptions);
    }

    // Sent last from node 0 to everyone: what a client received before it is all it received.
    private static async Task<List<string>> ReceivedUntilMarkerAsync(InProcessCluster cluster, TestClient client)
    {
        cluster[0].Emit("marker");
        var frames = new List<string>();
        while (true)
        {
            var frame = await client.NextAsync();
            if (frame == "42[\"marker\"]")
                return frames;
            frames.Add(frame);
        }
    }

    [Fact]
    public async Task Broadcast_reaches_every_socket_of_the_room_on_every_node()
    {
        await using var cluster = await StartAsync();
        var (a, aId) = await cluster.ConnectAsync(0);
        var (b, bId) = await cluster.ConnectAsync(1);
        var (c, _) = await cluster.ConnectAsync(1);
        cluster[0].Sockets.Sockets[aId].Join("room");
        cluster[1].Sockets.Sockets[bId].Join("room");
        await RoomReachableAsync("/", "room", Math.Min(2, cluster.Count));

        cluster[0].To("room").Emit("msg", "hi", 1);

        Assert.Equal("42[\"msg\",\"hi\",1]", await a.NextAsync());
        Assert.Equal("42[\"msg\",\"hi\",1]", await b.NextAsync());
        Assert.Empty(await ReceivedUntilMarkerAsync(cluster, c));
    }

    [Fact]
    public async Task Broadcast_to_everyone_and_with_except_crosses_nodes()
    {
        await using var cluster = await StartAsync();
        var (a, _) = await cluster.ConnectAsync(0);
        var (b, bId) = await cluster.ConnectAsync(1);
        var (c, _) = await cluster.ConnectAsync(1);
        cluster[1].Sockets.Sockets[bId].Join("muted");

        cluster[0].Emit("all", true);
        cluster[0].Except("muted").Emit("some", true);

        Assert.Equal(["42[\"all\",true]", "42[\"some\",true]"], await ReceivedUntilMarkerAsync(cluster, a));
        Assert.Equal(["42[\"all\",true]"], await ReceivedUntilMarkerAsync(cluster, b));
        Assert.Equal(["42[\"all\",true]", "42[\"some\",true]"], await ReceivedUntilMarkerAsync(cluster, c));
    }

    [Fact]
    public async Task A_local_broadcast_stays_on_its_node()
    {
        await using var cluster = await StartAsync();
        var (a, _) = await cluster.ConnectAsync(0);
        var (b, _) = await cluster.ConnectAsync(1);

        cluster[1].Local.Emit("here");

        Assert.Equal(["42[\"here\"]"], await ReceivedUntilMarkerAsync(cluster, b));
        Assert.Equal(cluster.Count == 1 ? ["42[\"here\"]"] : [], await ReceivedUntilMarkerAsync(cluster, a));
    }

    [Fact]
    public async Task A_volatile_broadcast_reaches_clients_that_can_take_it()
    {
        await using var cluster = await StartAsync();
        var (b, _) = await cluster.ConnectAsync(1);
        cluster[0].Volatile.Emit("tick", 1);
        Assert.Equal(["42[\"tick\",1]"], await ReceivedUntilMarkerAsync(cluster, b));
    }

    [Fact]
    public async Task Binary_arguments_cross_nodes_intact()
    {
        await using var cluster = await StartAsync();
        var (b, _) = await cluster.ConnectAsync(1);
        cluster[0].Emit("bin", new byte[] { 1, 2, 3 }, "after");
        Assert.Equal("451-[\"bin\",{\"_placeholder\":true,\"num\":0},\"after\"]", await b.NextAsync());
        Assert.Equal([1, 2, 3], await b.Transport.NextBinaryAsync());
    }

    [Fact]
    public async Task Broadcast_with_acks_collects_the_acks_of_clients_on_every_node()
    {
        await using var cluster = await StartAsync();
        var (a, _) = await cluster.ConnectAsync(0);
        var (b, _) = await cluster.ConnectAsync(1);

        var result = cluster[0].Timeout(TimeSpan.FromSeconds(10)).EmitWithAckAsync("question", 42);
        foreach (var (client, answer) in new[] { (a, "\"from a\""), (b, "\"from b\"") })
        {
            var frame = await client.NextAsync();
            var id = frame["42".Length..frame.IndexOf('[')];
            Assert.Equal("[\"question\",42]", frame[frame.IndexOf('[')..]);
            client.Send($"43{id}[{answer}]");
        }

        var outcome = await result.WaitAsync(InProcessCluster.Wait);
        Assert.False(outcome.TimedOut);
        Assert.Equal(["from a", "from b"], outcome.Responses.Select(r => r.Get<string>(0)).Order());
    }

    [Fact]
    public async Task Broadcast_with_acks_times_out_with_the_acks_received()
    {
        await using var cluster = await StartAsync();
        var (a, _) = await cluster.ConnectAsync(0);
        var (b, _) = await cluster.ConnectAsync(1);

        var result = cluster[0].Timeout(TimeSpan.FromMilliseconds(800)).EmitWithAckAsync("question");
        var frame = await a.NextAsync();
        a.Send($"43{frame["42".Length..frame.IndexOf('[')]}[\"only a\"]");
        await b.NextAsync(); // b never answers

        var outcome = await result.WaitAsync(InProcessCluster.Wait);
        Assert.True(outcome.TimedOut);
        Assert.Equal(["only a"], outcome.Responses.Select(r => r.Get<string>(0)));
    }

    [Fact]
    public async Task Broadcast_with_acks_to_an_empty_room_completes_at_once_with_no_acks()
    {
        await using var cluster = await StartAsync();
        var outcome = await cluster[0].To("nobody").Timeout(TimeSpan.FromSeconds(10)).EmitWithAckAsync("question").WaitAsync(InProcessCluster.Wait);
        Assert.False(outcome.TimedOut);
        Assert.Empty(outcome.Responses);
    }

    [Fact]
    public async Task FetchSockets_describes_the_selected_sockets_of_every_node()
    {
        await using var cluster = await StartAsync((_, io) => io.Use(s => s.Data["user"] = s.Handshake.Auth.GetProperty("user").GetString()));
        var (_, aId) = await cluster.ConnectAsync(0, auth: "{\"user\":\"ada\"}");
        var (_, bId) = await cluster.ConnectAsync(1, auth: "{\"user\":\"bob\"}");
        var (_, cId) = await cluster.ConnectAsync(1, auth: "{\"user\":\"cy\"}");
        cluster[0].Sockets.Sockets[aId].Join("team");
        cluster[1].Sockets.Sockets[bId].Join("team");

        var all = await cluster[0].FetchSocketsAsync().WaitAsync(InProcessCluster.Wait);
        Assert.Equal(new[] { aId, bId, cId }.Order(), all.Select(s => s.Id).Order());

        var team = await cluster[0].In("team").FetchSocketsAsync().WaitAsync(InProcessCluster.Wait);
        var bob = Assert.Single(team, s => s.Id == bId);
        Assert.Equal(2, team.Count);
        Assert.Equal(new[] { bId, "team" }.Order(), bob.Rooms.Order());
        Assert.Equal("bob", bob.Data["user"] switch { JsonElement e => e.GetString(), var v => v as string });
        Assert.Equal("bob", bob.Handshake.Auth.GetProperty("user").GetString());
        Assert.Equal(cluster[1].Sockets.Adapter.NodeId, bob.NodeId);
        Assert.Equal(cluster[0].Sockets.Adapter.NodeId, team.Single(s => s.Id == aId).NodeId);
    }

    [Fact]
    public async Task SocketsJoin_and_SocketsLeave_act_on_every_node()
    {
        await using var cluster = await StartAsync();
        var (a, aId) = await cluster.ConnectAsync(0);
        var (b, bId) = await cluster.ConnectAsync(1);

        await cluster[0].Sockets.SocketsJoinAsync("news").WaitAsync(InProcessCluster.Wait);
        await cluster.UntilAsync(() => cluster[1].Sockets.Sockets[bId].Rooms.Contains("news"), "the remote socket joined");
        Assert.Contains("news", cluster[0].Sockets.Sockets[aId].Rooms);
        await RoomReachableAsync("/", "news", Math.Min(2, cluster.Count));
        cluster[0].To("news").Emit("n", 1);
        Assert.Equal("42[\"n\",1]", await a.NextAsync());
        Assert.Equal("42[\"n\",1]", await b.NextAsync());

        await cluster[1].In("news").Except(aId).SocketsLeaveAsync("news").WaitAsync(InProcessCluster.Wait);
        Assert.DoesNotContain("news", cluster[1].Sockets.Sockets[bId].Rooms);
        cluster[1].To("news").Emit("n", 2);
        Assert.Equal("42[\"n\",2]", await a.NextAsync());
        Assert.Empty(await ReceivedUntilMarkerAsync(cluster, b));
    }

    [Fact]
    public async Task DisconnectSockets_acts_on_every_node()
    {
        await using var cluster = await StartAsync();
        var (a, _) = await cluster.ConnectAsync(0);
        var (b, bId) = await cluster.ConnectAsync(1);
        var (c, cId) = await cluster.ConnectAsync(1);
        cluster[1].Sockets.Sockets[bId].Join("kick");

        await cluster[0].In("kick").DisconnectSocketsAsync().WaitAsync(InProcessCluster.Wait);
        Assert.Equal("41", await b.NextAsync());
        Assert.False(b.Session.IsClosed);

        await cluster[0].In(cId).DisconnectSocketsAsync(close: true).WaitAsync(InProcessCluster.Wait);
        Assert.Equal("41", await c.NextAsync());
        await c.ClosedAsync;
        Assert.False(a.Session.IsClosed);
    }

    [Fact]
    public async Task A_fetched_remote_socket_acts_on_its_node()
    {
        await using var cluster = await StartAsync();
        var (b, bId) = await cluster.ConnectAsync(1);
        var remote = Assert.Single(await cluster[0].FetchSocketsAsync().WaitAsync(InProcessCluster.Wait));

        await remote.JoinAsync("vip").WaitAsync(InProcessCluster.Wait);
        await cluster.UntilAsync(() => cluster[1].Sockets.Sockets[bId].Rooms.Contains("vip"), "the socket joined");
        Assert.True(remote.Emit("direct", "x"));
        Assert.Equal("42[\"direct\",\"x\"]", await b.NextAsync());
        await remote.DisconnectAsync().WaitAsync(InProcessCluster.Wait);
        Assert.Equal("41", await b.NextAsync());
    }

    [Fact]
    public async Task ServerSideEmit_reaches_the_other_nodes_but_not_the_sender()
    {
        var heard = new List<(int Node, string Text)>();
        var heardAll = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var cluster = await StartAsync((i, io) => io.OnServerSideEmit("hello", e =>
        {
            lock (heard)
            {
                heard.Add((i, e.Args.Get<string>(0)!));
                if (heard.Count == Nodes - 1)
                    heardAll.TrySetResult();
            }
            return ValueTask.CompletedTask;
        }));

        await cluster[0].ServerSideEmitAsync("hello", "world").WaitAsync(InProcessCluster.Wait);
        if (cluster.Count > 1)
            await heardAll.Task.WaitAsync(InProcessCluster.Wait);
        lock (heard)
            Assert.Equal(Enumerable.Range(1, Nodes - 1).Select(i => (i, "world")), heard.OrderBy(h => h.Node));
    }

    [Fact]
    public async Task ServerSideEmitWithAck_collects_one_reply_from_each_other_node()
    {
        await using var cluster = await StartAsync((i, io) => io.OnServerSideEmit("who", e =>
        {
            e.Ack?.Invoke($"node-{i}", "ignored second argument");
            return ValueTask.CompletedTask;
        }));

        var replies = await cluster[0].ServerSideEmitWithAckAsync("who", TimeSpan.FromSeconds(10)).WaitAsync(InProcessCluster.Wait);
        Assert.False(replies.TimedOut);
        Assert.Equal(Enumerable.Range(1, cluster.Count - 1).Select(i => $"node-{i}"), replies.Responses.Select(r => r.Get<string>(0)).Order());
    }

    [Fact]
    public async Task ServerSideEmitWithAck_times_out_with_the_replies_received_when_a_node_stays_silent()
    {
        if (Nodes < 3)
            return;
        await using var cluster = await StartAsync((i, io) => io.OnServerSideEmit("who", e =>
        {
            if (i != 2)
                e.Ack?.Invoke($"node-{i}");
            return ValueTask.CompletedTask;
        }));
        var replies = await cluster[0].ServerSideEmitWithAckAsync("who", TimeSpan.FromMilliseconds(800)).WaitAsync(InProcessCluster.Wait);
        Assert.True(replies.TimedOut);
        Assert.Equal(["node-1"], replies.Responses.Select(r => r.Get<string>(0)));
    }

    [Fact]
    public async Task ServerCount_counts_every_node()
    {
        await using var cluster = await StartAsync();
        for (var i = 0; i < cluster.Count; i++)
            Assert.Equal(cluster.Count, await cluster[i].ServerCountAsync().WaitAsync(InProcessCluster.Wait));
    }

    [Fact]
    public async Task Namespaces_are_separate_across_the_cluster()
    {
        await using var cluster = await StartAsync((_, io) => io.Of("/orders"));
        var (main, _) = await cluster.ConnectAsync(1);
        var (orders, _) = await cluster.ConnectAsync(1, "/orders");

        cluster[0].Of("/orders").Emit("order", 7);

        Assert.Equal("42/orders,[\"order\",7]", await orders.NextAsync());
        Assert.Empty(await ReceivedUntilMarkerAsync(cluster, main));
    }

    [Fact]
    public async Task Dynamic_child_namespaces_reach_the_same_child_on_other_nodes()
    {
        await using var cluster = await StartAsync((_, io) => io.Of(new System.Text.RegularExpressions.Regex("^/tenant-[0-9]+$")));
        var (b, _) = await cluster.ConnectAsync(1, "/tenant-1");
        var (a, _) = await cluster.ConnectAsync(0, "/tenant-1");
        await cluster.UntilAsync(async () => await cluster[0].Of("/tenant-1").Adapter.ServerCountAsync() == Math.Min(2, cluster.Count), "both nodes serve the child");

        cluster[0].Of("/tenant-1").Emit("t", 1);

        Assert.Equal("42/tenant-1,[\"t\",1]", await a.NextAsync());
        Assert.Equal("42/tenant-1,[\"t\",1]", await b.NextAsync());
    }
}
