namespace SocketIO.Adapters.Redis.Tests;

/// <summary>
/// Sharded Pub/Sub in the dynamic modes: a node subscribes to a room's channel only while it has the room,
/// so a one-room broadcast reaches only the nodes that have members in it (socket.io #5226).
/// </summary>
public sealed class ShardedSubscriptionTests
{
    [Fact]
    public async Task A_room_channel_has_only_the_nodes_that_have_the_room_and_one_room_broadcasts_use_it()
    {
        await using var nodes = await RedisNodes.StartAsync();
        await using var cluster = await InProcessCluster.StartAsync(3, _ => nodes.Node(o => o.Mode = RedisAdapterMode.Sharded));
        var (a, aId) = await cluster.ConnectAsync(0);
        var (b, bId) = await cluster.ConnectAsync(1);
        cluster[0].Sockets.Sockets[aId].Join("sports");
        cluster[1].Sockets.Sockets[bId].Join("sports");
        await cluster.UntilAsync(async () => await nodes.Redis.ShardNumSubAsync("socket.io#/#sports#") == 2, "two nodes subscribed to the room's channel");
        // A socket's own room (20 characters) has no channel of its own in the dynamic mode.
        Assert.Equal(0, await nodes.Redis.ShardNumSubAsync($"socket.io#/#{aId}#"));

        await using var monitor = await nodes.Redis.MonitorAsync();
        cluster[2].To("sports").Emit("goal", 1);
        Assert.Equal("42[\"goal\",1]", await a.NextAsync());
        Assert.Equal("42[\"goal\",1]", await b.NextAsync());
        await monitor.WaitForAsync(l => l.Contains("\"SPUBLISH\" \"socket.io#/#sports#\"", StringComparison.Ordinal), "the broadcast went to the room's channel");

        // The last member leaves: its node unsubscribes.
        cluster[1].Sockets.Sockets[bId].Leave("sports");
        await cluster.UntilAsync(async () => await nodes.Redis.ShardNumSubAsync("socket.io#/#sports#") == 1, "the node without the room unsubscribed");
    }

    [Fact]
    public async Task The_static_mode_sends_every_broadcast_on_the_namespace_channel()
    {
        await using var nodes = await RedisNodes.StartAsync();
        await using var cluster = await InProcessCluster.StartAsync(2, _ => nodes.Node(o =>
        {
            o.Mode = RedisAdapterMode.Sharded;
            o.SubscriptionMode = RedisSubscriptionMode.Static;
        }));
        var (b, bId) = await cluster.ConnectAsync(1);
        cluster[1].Sockets.Sockets[bId].Join("sports");
        await using var monitor = await nodes.Redis.MonitorAsync();
        cluster[0].To("sports").Emit("goal", 2);
        Assert.Equal("42[\"goal\",2]", await b.NextAsync());
        await monitor.WaitForAsync(l => l.Contains("\"SPUBLISH\" \"socket.io#/#\"", StringComparison.Ordinal), "the broadcast went to the namespace channel");
        Assert.Equal(0, await nodes.Redis.ShardNumSubAsync("socket.io#/#sports#"));
    }
}
