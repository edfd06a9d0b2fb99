using SocketIO.Engine;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Server;

public class MultiplexingTests
{
    [Fact]
    public async Task Three_namespaces_share_one_session_and_ids_differ()
    {
        var io = ServerFactory.Create();
        io.Of("/orders");
        io.Of("/users");
        var client = await TestClient.OpenAsync(io);

        var main = await client.ConnectAsync("/");
        var orders = await client.ConnectAsync("/orders");
        var users = await client.ConnectAsync("/users");

        Assert.Equal(1, io.ClientsCount);
        Assert.Equal(3, new[] { main, orders, users }.Distinct().Count());
        Assert.DoesNotContain(client.Session.Id, new[] { main, orders, users });
        Assert.Equal(client.Session.Id, io.Of("/users").Sockets[users].ConnectionId);
    }

    [Fact]
    public async Task Namespace_disconnect_leaves_the_other_namespaces_working()
    {
        var io = ServerFactory.Create();
        var reasons = new List<string>();
        io.Of("/orders").OnConnection(s => s.On("disconnect", (string reason) => reasons.Add(reason)));
        io.Of("/users").OnConnection(s => s.On("ping", (Ack ack) => ack("pong")));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync("/");
        await client.ConnectAsync("/orders");
        await client.ConnectAsync("/users");

        client.Send("41/orders,");
        client.Send("42/users,5[\"ping\"]");

        Assert.Equal("43/users,5[\"pong\"]", await client.NextAsync());
        Assert.Equal(["client namespace disconnect"], reasons);
        Assert.Empty(io.Of("/orders").Sockets);
        Assert.Single(io.Of("/users").Sockets);
        Assert.False(client.Session.IsClosed);
    }

    [Fact]
    public async Task Packet_for_a_namespace_not_joined_closes_the_connection()
    {
        var io = ServerFactory.Create();
        io.Of("/orders");
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync("/");

        client.Send("42/orders,[\"x\"]");

        Assert.Equal(CloseReason.ForcedClose, await client.ClosedAsync);
    }

    [Fact]
    public async Task Second_connect_to_a_joined_namespace_closes_the_connection()
    {
        var io = ServerFactory.Create();
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync("/");

        client.Send("40");

        Assert.Equal(CloseReason.ForcedClose, await client.ClosedAsync);
    }

    [Theory]
    [InlineData("42/orders,[\"x\"]")] // namespace not joined
    [InlineData("40")] // second CONNECT to a joined namespace
    [InlineData("44{\"message\":\"x\"}")] // CONNECT_ERROR from a client
    public async Task Invalid_state_gives_joined_sockets_forced_server_close(string frame)
    {
        // SIO/client.ts: an invalid state calls close(), which hands "forced server close" to every socket.
        var io = ServerFactory.Create();
        io.Of("/orders");
        var reasons = new List<string>();
        io.OnConnection(s => s.On("disconnect", (string r) =>
        {
            lock (reasons)
                reasons.Add(r);
        }));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync("/");

        client.Send(frame);

        Assert.Equal(CloseReason.ForcedClose, await client.ClosedAsync);
        lock (reasons)
            Assert.Equal(["forced server close"], reasons);
    }

    [Fact]
    public async Task Client_joining_no_namespace_is_closed_after_connect_timeout()
    {
        var (io, time) = ServerFactory.CreateWithFakeTime(o => o.ConnectTimeout = TimeSpan.FromSeconds(1));
        var idle = await TestClient.OpenAsync(io);
        var joined = await TestClient.OpenAsync(io);
        await joined.ConnectAsync();

        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(CloseReason.ForcedClose, await idle.ClosedAsync);
        Assert.False(joined.Session.IsClosed);
    }

    [Fact]
    public async Task Garbage_closes_only_that_client()
    {
        var io = ServerFactory.Create();
        var errors = new List<string>();
        var reasons = new List<string>();
        io.OnConnection(s =>
        {
            s.On("echo", (string v, Ack ack) => ack(v));
            s.OnError(ex => { lock (errors) errors.Add(ex.Message); });
            s.On("disconnect", (string reason) => { lock (reasons) reasons.Add(reason); });
        });
        var bad = await TestClient.OpenAsync(io);
        var good = await TestClient.OpenAsync(io);
        await bad.ConnectAsync();
        await good.ConnectAsync();

        bad.Send("42[\"echo\""); // truncated JSON

        // As socket.io: the sockets' error listeners hear it, then the connection is closed ("forced close").
        Assert.Equal(CloseReason.ForcedClose, await bad.ClosedAsync);
        lock (errors)
            Assert.Equal(["invalid payload"], errors);
        lock (reasons)
            Assert.Equal([CloseReason.ForcedClose], reasons);
        good.Send("421[\"echo\",\"still here\"]");
        Assert.Equal("431[\"still here\"]", await good.NextAsync());
        Assert.Equal(1, io.ClientsCount);
    }

    [Fact]
    public async Task Oversized_payload_closes_only_that_client()
    {
        var io = ServerFactory.Create(o => o.MaxHttpBufferSize = 1000);
        var received = 0;
        io.OnConnection(s =>
        {
            s.On("big", () => Interlocked.Increment(ref received));
            s.On("echo", (string v, Ack ack) => ack(v));
        });
        var bad = await TestClient.OpenAsync(io);
        var good = await TestClient.OpenAsync(io);
        await bad.ConnectAsync();
        await good.ConnectAsync();

        var thrown = Record.Exception(() => bad.Send("42[\"big\",\"" + new string('x', 1000) + "\"]"));

        Assert.Null(thrown);
        Assert.Equal(CloseReason.TransportError, await bad.ClosedAsync);
        Assert.Equal(0, Volatile.Read(ref received));
        good.Send("421[\"echo\",\"still here\"]");
        Assert.Equal("431[\"still here\"]", await good.NextAsync());
    }

    [Theory]
    [InlineData(typeof(ArgumentOutOfRangeException))]
    [InlineData(typeof(NotSupportedException))]
    [InlineData(typeof(NullReferenceException))]
    [InlineData(typeof(InsufficientExecutionStackException))]
    public async Task Throwing_parser_closes_only_that_client(Type exceptionType)
    {
        var io = ServerFactory.Create(parser: new ThrowingParser(() => (Exception)Activator.CreateInstance(exceptionType)!));
        io.OnConnection(s => s.On("echo", (string v, Ack ack) => ack(v)));
        var bad = await TestClient.OpenAsync(io);
        var good = await TestClient.OpenAsync(io);
        await bad.ConnectAsync();
        await good.ConnectAsync();

        var thrown = Record.Exception(() => bad.Send("42[\"boom\"]"));

        Assert.Null(thrown);
        Assert.Equal(CloseReason.ForcedClose, await bad.ClosedAsync);
        good.Send("421[\"echo\",\"still here\"]");
        Assert.Equal("431[\"still here\"]", await good.NextAsync());
        Assert.Equal(1, io.ClientsCount);
    }

    [Fact]
    public async Task Disconnect_reasons_follow_node()
    {
        var io = ServerFactory.Create();
        var reasons = new List<string>();
        var sockets = new List<Socket>();
        io.OnConnection(s =>
        {
            sockets.Add(s);
            s.On("disconnecting", (string r) => reasons.Add("disconnecting:" + r + ":" + s.Rooms.Count));
            s.On("disconnect", (string r) => reasons.Add("disconnect:" + r));
        });
        var a = await TestClient.OpenAsync(io);
        await a.ConnectAsync();

        sockets[0].Disconnect();

        Assert.Equal("41", await a.NextAsync());
        Assert.Equal(["disconnecting:server namespace disconnect:1", "disconnect:server namespace disconnect"], reasons);
        Assert.False(a.Session.IsClosed);

        reasons.Clear();
        await a.ConnectAsync();
        a.Send("1"); // engine close
        Assert.Equal(CloseReason.TransportClose, await a.ClosedAsync);
        Assert.Equal(["disconnecting:transport close:1", "disconnect:transport close"], reasons);
    }

    [Fact]
    public async Task Disconnect_with_close_sends_disconnect_for_each_namespace_then_closes()
    {
        var io = ServerFactory.Create();
        Socket? main = null;
        io.OnConnection(s => main = s);
        io.Of("/orders");
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();
        await client.ConnectAsync("/orders");

        main!.Disconnect(close: true);

        var frames = new[] { await client.NextAsync(), await client.NextAsync() };
        Assert.Equal(["41", "41/orders,"], frames.OrderBy(f => f.Length));
        Assert.Equal("1", await client.NextAsync());
        Assert.Equal(CloseReason.ForcedClose, await client.ClosedAsync);
    }
}
