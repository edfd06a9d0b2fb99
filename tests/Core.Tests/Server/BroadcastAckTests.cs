using Microsoft.Extensions.Time.Testing;
using SocketIO.Adapters;
using SocketIO.Engine;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Server;

/// <summary>
/// Broadcast acks as in Node's BroadcastOperator.emitWithAck: one clientCount per responding server,
/// complete when every server of ServerCountAsync answered and every counted client acked.
/// </summary>
public class BroadcastAckTests
{
    private static async Task<(SocketIOServer Io, Socket[] Sockets, TestClient[] Clients)> ConnectMany(
        int n, IAdapterFactory? adapters = null, FakeTimeProvider? time = null)
    {
        var io = ServerFactory.Create(time: time, adapterFactory: adapters);
        var (sockets, clients) = await ConnectedClients.OpenAsync(io, n);
        return (io, sockets, clients);
    }

    [Fact]
    public async Task Two_servers_complete_only_when_both_reported_and_every_client_acked()
    {
        var adapters = new FakeClusterAdapterFactory(serverCount: 2);
        var (io, _, clients) = await ConnectMany(1, adapters);

        var pending = io.Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync("vote");
        Assert.Equal("420[\"vote\"]", await clients[0].NextAsync());
        clients[0].Send("430[\"local\"]");

        // This node's one client answered, but the second server has not reported yet.
        Assert.False(pending.IsCompleted);

        adapters["/"].RemoteClientCount(2);
        adapters["/"].RemoteAck(io.Serializer.WriteArray(["remote-1"]));
        Assert.False(pending.IsCompleted);
        adapters["/"].RemoteAck(io.Serializer.WriteArray(["remote-2"]));

        var result = await pending.WaitAsync(TestTransport.Wait);
        Assert.False(result.TimedOut);
        Assert.Equal(["local", "remote-1", "remote-2"], result.Responses.Select(r => r.Get<string>(0)).Order());
    }

    [Fact]
    public async Task Client_counts_of_all_servers_are_summed_not_overwritten()
    {
        var adapters = new FakeClusterAdapterFactory(serverCount: 2);
        var (io, _, clients) = await ConnectMany(2, adapters);

        var pending = io.Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync("vote");
        await clients[0].NextAsync();
        await clients[1].NextAsync();
        adapters["/"].RemoteClientCount(1);
        adapters["/"].RemoteAck(io.Serializer.WriteArray(["remote"]));
        clients[0].Send("430[\"a\"]");

        // Three clients in all (2 here + 1 there): one ack is still missing.
        Assert.False(pending.IsCompleted);
        clients[1].Send("430[\"b\"]");

        var result = await pending.WaitAsync(TestTransport.Wait);
        Assert.False(result.TimedOut);
        Assert.Equal(3, result.Responses.Count);
    }

    [Fact]
    public async Task Completion_waits_for_the_server_count()
    {
        var serverCount = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var adapters = new FakeClusterAdapterFactory(serverCount.Task);
        var (io, _, clients) = await ConnectMany(1, adapters);

        var pending = io.Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync("vote");
        await clients[0].NextAsync();
        clients[0].Send("430[\"a\"]");
        Assert.False(pending.IsCompleted);

        serverCount.SetResult(1);

        var result = await pending.WaitAsync(TestTransport.Wait);
        Assert.False(result.TimedOut);
        Assert.Single(result.Responses);
    }

    [Fact]
    public async Task Silent_server_times_out_with_the_partial_list()
    {
        var time = new FakeTimeProvider();
        var adapters = new FakeClusterAdapterFactory(serverCount: 2);
        var (io, _, clients) = await ConnectMany(1, adapters, time);

        var pending = io.Timeout(TimeSpan.FromSeconds(1)).EmitWithAckAsync("vote");
        await clients[0].NextAsync();
        clients[0].Send("430[\"a\"]");
        time.Advance(TimeSpan.FromSeconds(1));

        var result = await pending.WaitAsync(TestTransport.Wait);
        Assert.True(result.TimedOut);
        Assert.Equal("a", Assert.Single(result.Responses).Get<string>(0));
    }

    [Fact]
    public async Task Parent_broadcast_with_ack_waits_for_every_child()
    {
        var io = ServerFactory.Create();
        var parent = io.Of(new System.Text.RegularExpressions.Regex("^/child-"));
        var a = await TestClient.OpenAsync(io);
        var b = await TestClient.OpenAsync(io);
        await a.ConnectAsync("/child-a");
        await b.ConnectAsync("/child-b");

        var pending = parent.Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync("vote");
        Assert.Equal("42/child-a,0[\"vote\"]", await a.NextAsync());
        Assert.Equal("42/child-b,0[\"vote\"]", await b.NextAsync());
        a.Send("43/child-a,0[\"a\"]");
        Assert.False(pending.IsCompleted);
        b.Send("43/child-b,0[\"b\"]");

        var result = await pending.WaitAsync(TestTransport.Wait);
        Assert.False(result.TimedOut);
        Assert.Equal(["a", "b"], result.Responses.Select(r => r.Get<string>(0)).Order());
    }

    [Fact]
    public async Task Broadcast_ack_timeout_removes_the_expected_acks_of_silent_clients()
    {
        var time = new FakeTimeProvider();
        var (io, sockets, clients) = await ConnectMany(2, time: time);

        var pending = io.Timeout(TimeSpan.FromSeconds(1)).EmitWithAckAsync("vote");
        await clients[0].NextAsync();
        await clients[1].NextAsync();
        Assert.All(sockets, s => Assert.Equal(1, s.PendingAckCount));
        clients[0].Send("430[\"yes\"]");
        time.Advance(TimeSpan.FromSeconds(1));

        var result = await pending.WaitAsync(TestTransport.Wait);
        Assert.True(result.TimedOut);
        Assert.All(sockets, s => Assert.Equal(0, s.PendingAckCount));
    }

    [Fact]
    public async Task Never_acking_client_does_not_grow_its_ack_table()
    {
        var time = new FakeTimeProvider();
        var (io, sockets, clients) = await ConnectMany(1, time: time);

        for (var i = 0; i < 20; i++)
        {
            var pending = io.Timeout(TimeSpan.FromSeconds(1)).EmitWithAckAsync("ping", i);
            await clients[0].NextAsync();
            time.Advance(TimeSpan.FromSeconds(1));
            Assert.True((await pending.WaitAsync(TestTransport.Wait)).TimedOut);
        }

        Assert.Equal(0, sockets[0].PendingAckCount);
    }

    [Fact]
    public async Task Dropped_volatile_delivery_removes_the_expected_ack_and_is_not_counted()
    {
        var io = ServerFactory.Create(o => o.MaxBufferedPackets = 2);
        var connected = new List<Socket>();
        io.OnConnection(s =>
        {
            lock (connected)
                connected.Add(s);
        });
        var stalled = new TestTransport("websocket", reads: false);
        var channel = io.Engine.Open(stalled, new HandshakeRequest());
        stalled.Attach(channel);
        var session = channel.Session;
        stalled.Channel.Receive(EnginePacket.FromText(EnginePacketType.Message, "0")); // CONNECT "/": open + reply fill the queue
        var fast = await TestClient.OpenAsync(io);
        await fast.ConnectAsync();
        Socket stalledSocket;
        lock (connected)
            stalledSocket = connected.Single(s => s.ConnectionId == session.Id);

        var pending = io.Volatile.Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync("tick");

        Assert.Equal(0, stalledSocket.PendingAckCount);
        Assert.False(session.IsClosed);
        Assert.Equal("420[\"tick\"]", await fast.NextAsync());
        fast.Send("430[\"ok\"]");
        var result = await pending.WaitAsync(TestTransport.Wait);
        Assert.False(result.TimedOut);
        Assert.Equal("ok", Assert.Single(result.Responses).Get<string>(0));
    }

    [Fact]
    public async Task Socket_emit_with_ack_timeout_removes_the_entry()
    {
        var time = new FakeTimeProvider();
        var (_, sockets, clients) = await ConnectMany(1, time: time);

        var pending = sockets[0].Timeout(TimeSpan.FromSeconds(2)).EmitWithAckAsync("question");
        await clients[0].NextAsync();
        Assert.Equal(1, sockets[0].PendingAckCount);
        time.Advance(TimeSpan.FromSeconds(2));

        await Assert.ThrowsAsync<TimeoutException>(() => pending.WaitAsync(TestTransport.Wait));
        Assert.Equal(0, sockets[0].PendingAckCount);
    }

    [Fact]
    public async Task Socket_emit_with_ack_answered_removes_the_entry()
    {
        var (_, sockets, clients) = await ConnectMany(1);

        var pending = sockets[0].Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync("question");
        await clients[0].NextAsync();
        clients[0].Send("430[\"answer\"]");

        Assert.Equal("answer", (await pending.WaitAsync(TestTransport.Wait)).Get<string>(0));
        Assert.Equal(0, sockets[0].PendingAckCount);
    }
}
