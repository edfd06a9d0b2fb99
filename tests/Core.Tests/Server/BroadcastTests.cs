using SocketIO.Engine;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Server;

public class BroadcastTests
{
    private static async Task<(SocketIOServer Io, Socket[] Sockets, TestClient[] Clients)> ConnectMany(int n, Action<SocketIOOptions>? configure = null, Microsoft.Extensions.Time.Testing.FakeTimeProvider? time = null)
    {
        var io = ServerFactory.Create(configure, time);
        var (sockets, clients) = await ConnectedClients.OpenAsync(io, n);
        return (io, sockets, clients);
    }

    [Fact]
    public async Task To_and_except_select_by_room()
    {
        var (io, sockets, clients) = await ConnectMany(3);
        sockets[0].Join("a");
        sockets[1].Join("a", "b");
        sockets[2].Join("c");

        io.To("a").Except("b").Emit("x", 1);
        io.In("a").In("c").Emit("y");

        Assert.Equal("42[\"x\",1]", await clients[0].NextAsync());
        Assert.Equal("42[\"y\"]", await clients[0].NextAsync());
        Assert.Equal("42[\"y\"]", await clients[1].NextAsync());
        Assert.Equal("42[\"y\"]", await clients[2].NextAsync());
    }

    [Fact]
    public async Task Socket_broadcast_excludes_the_sender()
    {
        var (_, sockets, clients) = await ConnectMany(2);
        sockets[0].Join("room");
        sockets[1].Join("room");

        sockets[0].To("room").Emit("news");
        sockets[0].Emit("mine");

        Assert.Equal("42[\"mine\"]", await clients[0].NextAsync());
        Assert.Equal("42[\"news\"]", await clients[1].NextAsync());
    }

    [Fact]
    public async Task Broadcast_is_encoded_once_for_all_recipients()
    {
        var (io, _, clients) = await ConnectMany(3);

        io.Emit("bin", new byte[] { 1, 2, 3 });

        var headers = new List<EnginePacket>();
        var attachments = new List<EnginePacket>();
        foreach (var c in clients)
        {
            headers.Add(await c.Transport.NextAsync());
            attachments.Add(await c.Transport.NextAsync());
        }
        Assert.Equal("451-[\"bin\",{\"_placeholder\":true,\"num\":0}]", headers[0].ToString());
        Assert.All(headers, h => Assert.Same(headers[0], h));
        Assert.All(attachments, a => Assert.Same(attachments[0], a));
    }

    [Fact]
    public async Task Broadcast_with_ack_collects_every_answer()
    {
        var (io, _, clients) = await ConnectMany(2);

        var pending = io.Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync("vote");
        foreach (var c in clients)
        {
            var frame = await c.NextAsync();
            Assert.Equal("420[\"vote\"]", frame);
        }
        clients[0].Send("430[\"yes\"]");
        clients[1].Send("430[\"no\"]");

        var result = await pending.WaitAsync(TestTransport.Wait);
        Assert.False(result.TimedOut);
        Assert.Equal(["no", "yes"], result.Responses.Select(r => r.Get<string>(0)).Order());
    }

    [Fact]
    public async Task Broadcast_with_ack_times_out_with_the_partial_list()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var (io, _, clients) = await ConnectMany(2, time: time);

        var pending = io.Timeout(TimeSpan.FromSeconds(1)).EmitWithAckAsync("vote");
        await clients[0].NextAsync();
        await clients[1].NextAsync();
        clients[0].Send("430[\"yes\"]");
        time.Advance(TimeSpan.FromSeconds(1));

        var result = await pending.WaitAsync(TestTransport.Wait);
        Assert.True(result.TimedOut);
        Assert.Equal("yes", Assert.Single(result.Responses).Get<string>(0));
    }

    [Fact]
    public async Task Broadcast_with_ack_to_nobody_completes_at_once()
    {
        var io = ServerFactory.Create();
        var result = await io.To("empty").EmitWithAckAsync("x").WaitAsync(TestTransport.Wait);
        Assert.False(result.TimedOut);
        Assert.Empty(result.Responses);
    }

    [Fact]
    public async Task Volatile_broadcast_is_dropped_for_a_full_client_without_closing_it()
    {
        var io = ServerFactory.Create(o => o.MaxBufferedPackets = 4);
        var stalledTransport = new TestTransport("websocket", reads: false);
        var channel = io.Engine.Open(stalledTransport, new HandshakeRequest());
        stalledTransport.Attach(channel);
        var session = channel.Session;
        stalledTransport.Channel.Receive(EnginePacket.FromText(EnginePacketType.Message, "0")); // CONNECT "/"
        var fast = await TestClient.OpenAsync(io);
        await fast.ConnectAsync();

        for (var i = 0; i < 10; i++)
        {
            io.Volatile.Emit("tick", i);
            Assert.Equal($"42[\"tick\",{i}]", await fast.NextAsync());
        }

        Assert.False(session.IsClosed);
        Assert.Equal(4, session.BufferedCount);

        io.Emit("must-arrive");
        Assert.True(session.IsClosed);
        Assert.False(fast.Session.IsClosed);
    }

    [Fact]
    public async Task FetchSockets_describes_the_selected_sockets()
    {
        var (io, sockets, _) = await ConnectMany(3);
        sockets[0].Join("vip");
        sockets[0].Data["name"] = "ann";
        sockets[2].Join("vip");

        var fetched = await io.In("vip").FetchSocketsAsync().WaitAsync(TestTransport.Wait);

        Assert.Equal(new[] { sockets[0].Id, sockets[2].Id }.Order(), fetched.Select(f => f.Id).Order());
        var ann = fetched.Single(f => f.Id == sockets[0].Id);
        Assert.Equal("ann", ann.Data["name"]);
        Assert.Contains("vip", ann.Rooms);
        Assert.Contains(sockets[0].Id, ann.Rooms);
    }

    [Fact]
    public async Task Fetched_socket_can_be_joined_emitted_to_and_disconnected()
    {
        var (io, sockets, clients) = await ConnectMany(2);

        var remote = (await io.FetchSocketsAsync().WaitAsync(TestTransport.Wait)).Single(s => s.Id == sockets[1].Id);
        remote.Join("picked");
        remote.Emit("direct");

        Assert.Contains("picked", sockets[1].Rooms);
        Assert.Equal("42[\"direct\"]", await clients[1].NextAsync());
        remote.Disconnect();
        Assert.Equal("41", await clients[1].NextAsync());
        Assert.False(sockets[1].Connected);
        Assert.True(sockets[0].Connected);
    }

    [Fact]
    public async Task SocketsJoin_SocketsLeave_and_DisconnectSockets_act_on_the_selection()
    {
        var (io, sockets, clients) = await ConnectMany(3);
        sockets[0].Join("a");
        sockets[1].Join("a");

        io.In("a").SocketsJoin("b");
        Assert.Contains("b", sockets[0].Rooms);
        Assert.Contains("b", sockets[1].Rooms);
        Assert.DoesNotContain("b", sockets[2].Rooms);

        io.In("b").SocketsLeave("a");
        Assert.DoesNotContain("a", sockets[0].Rooms);

        io.In("b").Except(sockets[1].Id).DisconnectSockets();
        Assert.Equal("41", await clients[0].NextAsync());
        Assert.False(sockets[0].Connected);
        Assert.True(sockets[1].Connected);

        io.In("b").DisconnectSockets(close: true);
        Assert.Equal(CloseReason.ForcedClose, await clients[1].ClosedAsync);
        Assert.False(clients[2].Session.IsClosed);
    }

    [Fact]
    public async Task Server_side_emit_is_a_no_op_on_a_single_node()
    {
        var io = ServerFactory.Create();
        io.ServerSideEmit("hello", 1);
        var replies = await io.Sockets.ServerSideEmitWithAckAsync("hello", TimeSpan.FromSeconds(1)).WaitAsync(TestTransport.Wait);
        Assert.Empty(replies.Responses);
        Assert.False(replies.TimedOut);
        Assert.Throws<ArgumentException>(() => io.ServerSideEmit("connection"));
    }

    [Fact]
    public void Reserved_event_names_cannot_be_emitted()
    {
        var io = ServerFactory.Create();
        Assert.Throws<ArgumentException>(() => io.Emit("disconnect"));
        Assert.Throws<ArgumentException>(() => io.To("r").Emit("connect_error"));
    }
}
