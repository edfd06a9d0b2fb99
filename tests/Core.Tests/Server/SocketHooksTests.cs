using SocketIO.Engine;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Server;

/// <summary>Node's per-socket hooks: off(event, listener), volatile and compress emits, socket.conn's upgrade event.</summary>
public class SocketHooksTests
{
    private static async Task<(Socket Socket, TestClient Client)> ConnectAsync(SocketIOServer io, TestTransport? transport = null)
    {
        var got = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        io.OnConnection(s => got.TrySetResult(s));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();
        return (await got.Task.WaitAsync(TestTransport.Wait), client);
    }

    [Fact]
    public async Task Off_with_a_handler_removes_only_that_handler()
    {
        var io = ServerFactory.Create();
        var (socket, client) = await ConnectAsync(io);
        var seen = new List<string>();
        Action<SocketEvent> first = _ => seen.Add("first");
        Func<string, int> typed = text => { seen.Add("typed " + text); return text.Length; };
        socket.On("e", first);
        socket.On("e", typed);
        socket.On("e", (SocketEvent _) => seen.Add("third"));
        socket.On("done", (Ack ack) => ack());

        socket.Off("e", first);
        client.Send("42[\"e\",\"x\"]");
        socket.Off("e", typed);
        client.Send("42[\"e\",\"y\"]");
        client.Send("421[\"done\"]");
        await client.NextAsync();

        Assert.Equal(["typed x", "third", "third"], seen);
    }

    [Fact]
    public async Task Off_removes_the_most_recent_registration_of_a_handler_added_twice()
    {
        var io = ServerFactory.Create();
        var (socket, client) = await ConnectAsync(io);
        var count = 0;
        Action<SocketEvent> handler = _ => count++;
        socket.On("e", handler).On("e", handler);
        socket.On("done", (Ack ack) => ack());

        socket.Off("e", handler);
        client.Send("42[\"e\"]");
        client.Send("421[\"done\"]");
        await client.NextAsync();

        Assert.Equal(1, count);
    }

    [Fact]
    public async Task Volatile_emit_is_dropped_when_the_queue_is_full_and_the_client_stays()
    {
        var io = ServerFactory.Create(o => o.MaxBufferedPackets = 3);
        var got = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        io.OnConnection(s => got.TrySetResult(s));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();
        var socket = await got.Task.WaitAsync(TestTransport.Wait);
        // Stop taking packets: the session's queue fills up.
        client.Transport.Close();
        await client.Transport.WaitClosedAsync();

        var sent = Enumerable.Range(0, 5).Select(i => socket.Volatile.Emit("tick", i)).ToList();

        Assert.Contains(false, sent);
        Assert.False(client.Session.IsClosed);
        Assert.True(socket.Connected);
        Assert.False(socket.Emit("tick", "not volatile") && socket.Emit("tick", "again"));
        Assert.True(client.Session.IsClosed);
    }

    [Fact]
    public async Task Volatile_emit_with_ack_that_is_dropped_fails_at_once()
    {
        var io = ServerFactory.Create(o => o.MaxBufferedPackets = 1);
        var (socket, client) = await ConnectAsync(io);
        client.Transport.Close();
        await client.Transport.WaitClosedAsync();
        socket.Emit("fill");

        var pending = socket.Volatile.EmitWithAckAsync("question");

        await Assert.ThrowsAsync<InvalidOperationException>(() => pending.WaitAsync(TestTransport.Wait));
        Assert.False(client.Session.IsClosed);
    }

    [Fact]
    public async Task Compress_and_timeout_chain_and_deliver_like_a_plain_emit()
    {
        var io = ServerFactory.Create();
        var (socket, client) = await ConnectAsync(io);

        var emitter = socket.Compress(false).Volatile;
        Assert.False(emitter.IsCompressed);
        Assert.True(emitter.IsVolatile);
        Assert.True(emitter.Emit("news", 1));
        Assert.Equal("42[\"news\",1]", await client.NextAsync());
        var pending = socket.Compress(false).Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync("q");
        Assert.Equal("420[\"q\"]", await client.NextAsync());
        client.Send("430[\"a\"]");
        Assert.Equal("a", (await pending.WaitAsync(TestTransport.Wait)).Get<string>(0));
    }

    [Fact]
    public async Task Conn_raises_Upgraded_when_the_connection_moves_to_websocket()
    {
        var io = ServerFactory.Create();
        var got = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        io.OnConnection(s => got.TrySetResult(s));
        var polling = new TestTransport("polling");
        var channel = io.Engine.Open(polling, new HandshakeRequest());
        polling.Attach(channel);
        var session = channel.Session;
        await polling.NextTextAsync();
        polling.SendText("40");
        var socket = await got.Task.WaitAsync(TestTransport.Wait);
        var upgraded = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.Conn.Upgraded += (conn, transport) => upgraded.TrySetResult($"{conn.Id} {transport.Name}");
        Assert.Same(session, socket.Conn);

        var ws = new TestTransport("websocket", reads: false);
        var probe = io.Engine.TryBeginUpgrade(session, ws);
        Assert.NotNull(probe);
        probe.ReceiveProbe(EnginePacket.FromTextFrame("2probe"u8.ToArray()));
        Assert.False(upgraded.Task.IsCompleted);
        probe.ReceiveProbe(EnginePacket.FromTextFrame("5"u8.ToArray()));

        Assert.Equal($"{session.Id} websocket", await upgraded.Task.WaitAsync(TestTransport.Wait));
        Assert.Equal("websocket", socket.Transport);
    }
}
