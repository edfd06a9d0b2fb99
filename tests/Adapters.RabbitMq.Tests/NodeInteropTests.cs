using System.Text.Json;
using SocketIO.Adapters.RabbitMq.Tests.Support;
using Xunit.Abstractions;

namespace SocketIO.Adapters.RabbitMq.Tests;

/// <summary>
/// The format is implementable from its description: a .NET node and a Node node (a ClusterAdapterWithHeartbeat over
/// amqplib written from docs/rabbitmq.md) share one cluster, and every operation crosses in both directions.
/// </summary>
public sealed class NodeInteropTests(BrokerFixture broker, ITestOutputHelper output) : IClassFixture<BrokerFixture>
{
    [Fact]
    public async Task Broadcasts_to_rooms_cross_in_both_directions_binary_included()
    {
        await using var cluster = await MixedCluster.StartAsync(broker, output);
        await cluster.ConnectToNodeAsync("n", new { room = "r" });
        await cluster.ConnectToNodeAsync("outside");
        var (d, _) = await cluster.ConnectToDotNetAsync("r");

        await cluster.Clients.EmitAsync("n", "broadcast", "r", new { x = 1 });
        Assert.Equal("42[\"msg\",{\"x\":1},\"N\"]", await d.NextAsync());
        await cluster.Clients.WaitForEventAsync("n", "msg");

        cluster.DotNet.To("r").Emit("msg", "from D", new byte[] { 1, 2, 3 });
        var msg = await cluster.Clients.WaitForEventAsync("n", "msg");
        Assert.Equal("from D", msg[0].GetString());
        Assert.Equal([1, 2, 3], JsJson.Bytes(msg[1]));
        Assert.Equal("451-[\"msg\",\"from D\",{\"_placeholder\":true,\"num\":0}]", await d.NextAsync());
        Assert.Equal([1, 2, 3], await d.Transport.NextBinaryAsync());

        await cluster.Clients.EmitAsync("n", "broadcast", "r", new Dictionary<string, object> { ["bin"] = new byte[] { 9, 8 } });
        Assert.Equal("451-[\"msg\",{\"bin\":{\"_placeholder\":true,\"num\":0}},\"N\"]", await d.NextAsync());
        Assert.Equal([9, 8], await d.Transport.NextBinaryAsync());

        // Not in the room: nothing from either node (everything above has arrived by now).
        cluster.DotNet.Emit("last", 1);
        await cluster.Clients.WaitForEventAsync("outside", "last");
        cluster.Clients.AssertNoPending("outside", "msg");
    }

    [Fact]
    public async Task FetchSockets_SocketsJoin_and_DisconnectSockets_cross_in_both_directions()
    {
        await using var cluster = await MixedCluster.StartAsync(broker, output);
        var n = await cluster.ConnectToNodeAsync("n", new { room = "r", user = "nia" });
        var n2 = await cluster.ConnectToNodeAsync("n2", new { room = "kick" });
        var (d, dId) = await cluster.ConnectToDotNetAsync("r");

        var fromDotNet = await cluster.DotNet.In("r").FetchSocketsAsync().WaitAsync(Repo.Timeout);
        var remote = Assert.Single(fromDotNet, s => s.Id == n);
        Assert.Equal("N", ((JsonElement)remote.Data["node"]!).GetString());
        Assert.Equal("nia", ((JsonElement)remote.Data["user"]!).GetString());
        Assert.Equal(new[] { n, "r" }.Order(), remote.Rooms.Order());
        Assert.Equal(new[] { dId, n }.Order(), fromDotNet.Select(s => s.Id).Order());

        var fromNode = await cluster.AckAsync("n", "fetch", "r");
        Assert.Equal(new[] { dId, n }.Order(StringComparer.Ordinal), fromNode.EnumerateArray().Select(s => s.GetProperty("id").GetString()!));
        var dotnet = fromNode.EnumerateArray().Single(s => s.GetProperty("id").GetString() == dId);
        Assert.Equal("D", dotnet.GetProperty("node").GetString());
        Assert.Equal(new[] { dId, "r" }.Order(StringComparer.Ordinal), dotnet.GetProperty("rooms").EnumerateArray().Select(r => r.GetString()!));

        // Node → .NET: sockets-join, then disconnect-room.
        Assert.True((await cluster.AckAsync("n", "sockets-join", "r", "vip")).GetBoolean());
        await Poll.UntilAsync(() => cluster.DotNet.Sockets.Sockets[dId].Rooms.Contains("vip"), Repo.Timeout, "the .NET socket joined vip");
        Assert.True((await cluster.AckAsync("n2", "disconnect-room", dId)).GetBoolean());
        Assert.Equal("41", await d.NextAsync());
        await d.ClosedAsync;

        // .NET → Node: SocketsJoin seen by Node's fetch, then DisconnectSockets.
        await cluster.DotNet.In("kick").SocketsJoinAsync("joined").WaitAsync(Repo.Timeout);
        await Poll.UntilAsync(async () => (await cluster.AckAsync("n", "fetch", "joined")).EnumerateArray().Any(s => s.GetProperty("id").GetString() == n2),
            Repo.Timeout, "n2 joined 'joined'");
        await cluster.DotNet.In("kick").DisconnectSocketsAsync(close: true).WaitAsync(Repo.Timeout);
        Assert.Equal("io server disconnect", await cluster.Clients.WaitForDisconnectAsync("n2"));
    }

    [Fact]
    public async Task ServerSideEmit_with_and_without_ack_crosses_in_both_directions()
    {
        await using var cluster = await MixedCluster.StartAsync(broker, output);
        await cluster.ConnectToNodeAsync("n", new { room = "listeners" });
        var (d, _) = await cluster.ConnectToDotNetAsync("listeners");

        var replies = await cluster.DotNet.ServerSideEmitWithAckAsync("server-question", TimeSpan.FromSeconds(10), "who?").WaitAsync(Repo.Timeout);
        Assert.False(replies.TimedOut);
        Assert.Equal(["N"], replies.Responses.Select(r => r.Get<string>(0)));
        var fromNode = await cluster.AckAsync("n", "server-ask", "who?");
        Assert.Equal(["D"], fromNode.EnumerateArray().Select(r => r.GetString()));

        await cluster.DotNet.ServerSideEmitAsync("announce", "from D").WaitAsync(Repo.Timeout);
        var announced = await cluster.Clients.WaitForEventAsync("n", "announced");
        Assert.Equal(["from D", "N"], announced.Args.Select(a => a.GetString()));

        await cluster.Clients.EmitAsync("n", "announce", "from N");
        Assert.Equal("42[\"announced\",\"from N\",\"D\"]", await d.NextAsync());
    }

    [Fact]
    public async Task Broadcast_acks_cross_in_both_directions()
    {
        await using var cluster = await MixedCluster.StartAsync(broker, output);
        await cluster.ConnectToNodeAsync("n", new { room = "r" });
        await cluster.Clients.AnswerAsync("n", "question", JsAnswer.With("from n"));
        var (d, _) = await cluster.ConnectToDotNetAsync("r");

        var fromDotNet = cluster.DotNet.To("r").Timeout(TimeSpan.FromSeconds(10)).EmitWithAckAsync("question", 42);
        await AnswerAsync(d, "[\"question\",42]", "from d");
        var result = await fromDotNet.WaitAsync(Repo.Timeout);
        Assert.False(result.TimedOut);
        Assert.Equal(["from d", "from n"], result.Responses.Select(r => r.Get<string>(0)).Order(StringComparer.Ordinal));

        var fromNode = cluster.AckAsync("n", "ask", "r", 7);
        await AnswerAsync(d, "[\"question\",7]", "from d");
        Assert.Equal(["from d", "from n"], (await fromNode).EnumerateArray().Select(a => a.GetString()));
    }

    // Reads the next event asking for an ack (42<id>[...]) and answers it with one string.
    private static async Task AnswerAsync(TestClient client, string expectedArgs, string answer)
    {
        var frame = await client.NextAsync();
        var bracket = frame.IndexOf('[');
        Assert.Equal(expectedArgs, frame[bracket..]);
        client.Send($"43{frame[2..bracket]}[\"{answer}\"]");
    }

    [Fact]
    public async Task A_node_stopped_with_SIGTERM_says_goodbye_and_is_dropped_at_once()
    {
        await using var cluster = await MixedCluster.StartAsync(broker, output, o => o.HeartbeatTimeout = TimeSpan.FromMinutes(5));
        await using var probe = await AmqpProbe.StartAsync(broker, cluster.VirtualHost, "socket.io", "socket.io#/#");
        await cluster.ConnectToNodeAsync("n");
        Assert.Equal(2, (await cluster.AckAsync("n", "server-count")).GetInt32());

        // ADAPTER_CLOSE, not the (five-minute) heartbeat timeout, drops it.
        await cluster.Node.StopAsync();
        var goodbye = (await probe.NextAsync(Cluster.ClusterMessageType.AdapterClose)).Decoded;
        Assert.NotEqual(cluster.Factory.Uid, goodbye.Uid);
        await Servers.WaitForServerCountAsync(cluster.DotNet, 1);
    }

    [Fact]
    public async Task A_killed_node_stops_being_waited_for_within_the_heartbeat_timeout()
    {
        // Requests may wait 60 s, but the dead node is dropped after 3 s of silence: requests in flight end then.
        await using var cluster = await MixedCluster.StartAsync(broker, output, o =>
        {
            o.HeartbeatInterval = TimeSpan.FromSeconds(1);
            o.HeartbeatTimeout = TimeSpan.FromSeconds(3);
            o.RequestsTimeout = TimeSpan.FromSeconds(60);
        });
        await cluster.ConnectToNodeAsync("n", new { room = "r" });
        var (_, dId) = await cluster.ConnectToDotNetAsync("r");
        Assert.Equal(2, (await cluster.DotNet.In("r").FetchSocketsAsync().WaitAsync(Repo.Timeout)).Count);

        await cluster.Node.KillAsync();
        var fetch = cluster.DotNet.In("r").FetchSocketsAsync();
        var ask = cluster.DotNet.ServerSideEmitWithAckAsync("server-question", TimeSpan.FromSeconds(60));

        var fetched = await fetch.WaitAsync(Repo.Timeout);
        Assert.Equal([dId], fetched.Select(s => s.Id));
        var asked = await ask.WaitAsync(Repo.Timeout);
        Assert.False(asked.TimedOut);
        Assert.Empty(asked.Responses);
        Assert.Equal(1, await cluster.DotNet.Sockets.Adapter.ServerCountAsync().WaitAsync(Repo.Timeout));
    }
}
