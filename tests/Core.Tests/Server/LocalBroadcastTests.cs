using SocketIO.Adapters;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Server;

/// <summary>The Local flag: the same selection as a normal broadcast, carried to the adapter so a cluster stays on this node.</summary>
public class LocalBroadcastTests
{
    private static async Task<(SocketIOServer Io, Socket[] Sockets, TestClient[] Clients)> ConnectMany(int n, IAdapterFactory? adapters = null)
    {
        var io = ServerFactory.Create(adapterFactory: adapters);
        var (sockets, clients) = await ConnectedClients.OpenAsync(io, n);
        return (io, sockets, clients);
    }

    [Fact]
    public async Task Local_broadcast_on_a_single_node_reaches_what_a_normal_one_reaches()
    {
        var (io, sockets, clients) = await ConnectMany(3);
        sockets[0].Join("a");
        sockets[1].Join("a", "b");
        sockets[2].Join("c");

        io.Local.Emit("all");
        io.Local.To("a").Except("b").Emit("a-not-b");
        sockets[0].Broadcast.Local.Emit("others");

        Assert.Equal("42[\"all\"]", await clients[0].NextAsync());
        Assert.Equal("42[\"a-not-b\"]", await clients[0].NextAsync());
        Assert.Equal("42[\"all\"]", await clients[1].NextAsync());
        Assert.Equal("42[\"others\"]", await clients[1].NextAsync());
        Assert.Equal("42[\"all\"]", await clients[2].NextAsync());
        Assert.Equal("42[\"others\"]", await clients[2].NextAsync());
        Assert.All(clients, c => Assert.True(c.Transport.TryPeekNothing(out _)));
    }

    [Fact]
    public async Task Local_flag_is_passed_to_the_adapter_in_the_broadcast_options()
    {
        var adapters = new FakeClusterAdapterFactory(serverCount: 2);
        var (io, _, clients) = await ConnectMany(1, adapters);

        io.Local.To("r").Emit("local");
        io.To("r").Emit("cluster");

        var broadcasts = adapters["/"].Broadcasts;
        Assert.Equal(2, broadcasts.Count);
        Assert.True(broadcasts[0].Flags.Local);
        Assert.Equal(["r"], broadcasts[0].Rooms);
        Assert.False(broadcasts[1].Flags.Local);
        Assert.False(clients[0].Session.IsClosed);
    }

    [Fact]
    public async Task Local_broadcast_with_ack_waits_only_for_this_node()
    {
        var adapters = new FakeClusterAdapterFactory(serverCount: 2);
        var (io, _, clients) = await ConnectMany(1, adapters);

        var pending = io.Local.Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync("vote");
        Assert.Equal("420[\"vote\"]", await clients[0].NextAsync());
        clients[0].Send("430[\"here\"]");

        var result = await pending.WaitAsync(TestTransport.Wait);
        Assert.False(result.TimedOut);
        Assert.Equal("here", Assert.Single(result.Responses).Get<string>(0));
        Assert.True(Assert.Single(adapters["/"].Broadcasts).Flags.Local);
    }
}
