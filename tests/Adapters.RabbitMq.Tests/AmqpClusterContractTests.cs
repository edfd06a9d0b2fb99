using System.Text.Json;
using SocketIO.Adapters.RabbitMq.Tests.Support;
using Xunit.Abstractions;

namespace SocketIO.Adapters.RabbitMq.Tests;

/// <summary>
/// The cluster-node contract on RabbitMQ, driven by the official client: samples/Cluster (DotNet) and the Node node
/// (cluster-node.js on amqp-adapter.js) in one cluster, each operation started from either node. DotNet+DotNet runs
/// the same tests for samples/Cluster alone.
/// </summary>
public sealed class AmqpClusterContractTests(BrokerFixture broker, ITestOutputHelper output) : IClassFixture<BrokerFixture>
{
    public static TheoryData<NodeKind, NodeKind> Pairs()
    {
        var data = new TheoryData<NodeKind, NodeKind>();
        foreach (var (first, second) in new[] { (NodeKind.Node, NodeKind.DotNet), (NodeKind.DotNet, NodeKind.DotNet) })
            if (AmqpTestCluster.Exists(first) && AmqpTestCluster.Exists(second))
                data.Add(first, second);
        return data;
    }

    private Task<AmqpTestCluster> StartAsync(NodeKind first, NodeKind second) => AmqpTestCluster.StartAsync(broker, output, first, second);

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task Room_broadcasts_with_binary_cross_from_either_node(NodeKind first, NodeKind second)
    {
        await using var cluster = await StartAsync(first, second);
        await cluster.ConnectAsync("a", "A", new { room = "r" });
        await cluster.ConnectAsync("b", "B", new { room = "r" });
        await cluster.ConnectAsync("outsider", "B", new { room = "elsewhere" });

        foreach (var (sender, node) in new[] { ("a", "A"), ("b", "B") })
        {
            await cluster.Clients.EmitAsync(sender, "broadcast", "r", new { text = $"from {sender}", data = new byte[] { 1, 2, 255 } });
            foreach (var member in new[] { "a", "b" })
            {
                var msg = await cluster.Clients.WaitForEventAsync(member, "msg");
                Assert.Equal($"from {sender}", msg[0].GetProperty("text").GetString());
                Assert.Equal([1, 2, 255], JsJson.Bytes(msg[0].GetProperty("data")));
                Assert.Equal(node, msg[1].GetString());
            }
        }
        await cluster.Clients.EmitAsync("a", "broadcast", "elsewhere", "marker");
        Assert.Equal("marker", (await cluster.Clients.WaitForEventAsync("outsider", "msg"))[0].GetString());
        Assert.Single(cluster.Clients.Events("outsider", "msg"));
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task Fetch_and_sockets_join_and_leave_cross_from_either_node(NodeKind first, NodeKind second)
    {
        await using var cluster = await StartAsync(first, second);
        var a = await cluster.ConnectAsync("a", "A", new { room = "r", user = "ada" });
        var b = await cluster.ConnectAsync("b", "B", new { room = "r", user = new { name = "bob" } });

        foreach (var asker in new[] { "a", "b" })
        {
            var fetched = await cluster.AckAsync(asker, "fetch", "r");
            Assert.Equal(AmqpTestCluster.Sorted(a, b), AmqpTestCluster.Ids(fetched));
            var bob = fetched.EnumerateArray().Single(s => s.GetProperty("id").GetString() == b);
            Assert.Equal("B", bob.GetProperty("node").GetString());
            Assert.Equal("bob", bob.GetProperty("user").GetProperty("name").GetString());
            Assert.Equal(AmqpTestCluster.Sorted(b, "r"), bob.GetProperty("rooms").EnumerateArray().Select(r => r.GetString()!));
        }

        // From A, B's socket joins; from B, A's socket joins; then each side makes the other leave.
        Assert.True((await cluster.AckAsync("a", "sockets-join", b, "from-a")).GetBoolean());
        Assert.True((await cluster.AckAsync("b", "sockets-join", a, "from-b")).GetBoolean());
        await WaitForFetchAsync(cluster, "a", "from-a", [b]);
        await WaitForFetchAsync(cluster, "a", "from-b", [a]);
        Assert.True((await cluster.AckAsync("a", "sockets-leave", b, "from-a")).GetBoolean());
        Assert.True((await cluster.AckAsync("b", "sockets-leave", a, "from-b")).GetBoolean());
        await WaitForFetchAsync(cluster, "b", "from-a", []);
        await WaitForFetchAsync(cluster, "b", "from-b", []);
    }

    private static Task WaitForFetchAsync(AmqpTestCluster cluster, string client, string room, string[] ids) =>
        Poll.UntilAsync(async () => AmqpTestCluster.Ids(await cluster.AckAsync(client, "fetch", room)).SequenceEqual(AmqpTestCluster.Sorted(ids)),
            AmqpTestCluster.EffectTimeout, $"fetch({room}) from {client} lists [{string.Join(", ", ids)}]", TimeSpan.FromMilliseconds(50));

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task Disconnect_room_crosses_from_either_node(NodeKind first, NodeKind second)
    {
        await using var cluster = await StartAsync(first, second);
        await cluster.ConnectAsync("a", "A", new { room = "r" });
        await cluster.ConnectAsync("a-kicked", "A", new { room = "kick-a" });
        await cluster.ConnectAsync("b", "B", new { room = "r" });
        await cluster.ConnectAsync("b-kicked", "B", new { room = "kick-b" });

        Assert.True((await cluster.AckAsync("a", "disconnect-room", "kick-b")).GetBoolean());
        Assert.Equal("io server disconnect", await cluster.Clients.WaitForDisconnectAsync("b-kicked", AmqpTestCluster.EffectTimeout));
        Assert.True((await cluster.AckAsync("b", "disconnect-room", "kick-a")).GetBoolean());
        Assert.Equal("io server disconnect", await cluster.Clients.WaitForDisconnectAsync("a-kicked", AmqpTestCluster.EffectTimeout));

        // The others are still there.
        Assert.Equal(2, AmqpTestCluster.Ids(await cluster.AckAsync("a", "fetch", "r")).Length);
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task Server_side_emits_with_ack_and_announcements_cross_from_either_node(NodeKind first, NodeKind second)
    {
        await using var cluster = await StartAsync(first, second);
        await cluster.ConnectAsync("a", "A", new { room = "listeners" });
        await cluster.ConnectAsync("b", "B", new { room = "listeners" });

        Assert.Equal(["B"], (await cluster.AckAsync("a", "server-ask", "who?")).EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(["A"], (await cluster.AckAsync("b", "server-ask", "who?")).EnumerateArray().Select(x => x.GetString()));

        await cluster.Clients.EmitAsync("a", "announce", "from a");
        Assert.Equal(["from a", "B"], (await cluster.Clients.WaitForEventAsync("b", "announced")).Args.Select(x => x.GetString()));
        await cluster.Clients.EmitAsync("b", "announce", "from b");
        Assert.Equal(["from b", "A"], (await cluster.Clients.WaitForEventAsync("a", "announced")).Args.Select(x => x.GetString()));
        Assert.Single(cluster.Clients.Events("a", "announced"));
        Assert.Single(cluster.Clients.Events("b", "announced"));
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task Broadcast_acks_collect_the_clients_of_both_nodes_from_either_node(NodeKind first, NodeKind second)
    {
        await using var cluster = await StartAsync(first, second);
        await cluster.ConnectAsync("a", "A", new { room = "r" });
        await cluster.ConnectAsync("b", "B", new { room = "r" });
        await cluster.Clients.AnswerAsync("a", "question", JsAnswer.With("answer a"));
        await cluster.Clients.AnswerAsync("b", "question", JsAnswer.With("answer b"));

        foreach (var asker in new[] { "a", "b" })
            Assert.Equal(["answer a", "answer b"], (await cluster.AckAsync(asker, "ask", "r", new { q = asker })).EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(JsonValueKind.Array, (await cluster.AckAsync("a", "ask", "nobody", 1)).ValueKind);
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task Server_count_counts_both_and_all_rooms_lists_this_nodes_rooms_only(NodeKind first, NodeKind second)
    {
        await using var cluster = await StartAsync(first, second);
        var a = await cluster.ConnectAsync("a", "A", new { room = "only-a" });
        var b = await cluster.ConnectAsync("b", "B", new { room = "only-b" });

        Assert.Equal(2, (await cluster.AckAsync("a", "server-count")).GetInt32());
        Assert.Equal(2, (await cluster.AckAsync("b", "server-count")).GetInt32());
        Assert.Equal(AmqpTestCluster.Sorted(a, "only-a"), (await cluster.AckAsync("a", "all-rooms")).EnumerateArray().Select(x => x.GetString()!));
        Assert.Equal(AmqpTestCluster.Sorted(b, "only-b"), (await cluster.AckAsync("b", "all-rooms")).EnumerateArray().Select(x => x.GetString()!));
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task A_killed_node_is_dropped_within_the_heartbeat_timeout_and_requests_stop_waiting_for_it(NodeKind first, NodeKind second)
    {
        await using var cluster = await StartAsync(first, second);
        var a = await cluster.ConnectAsync("a", "A", new { room = "r" });
        await cluster.ConnectAsync("b", "B", new { room = "r" });
        Assert.Equal(2, AmqpTestCluster.Ids(await cluster.AckAsync("a", "fetch", "r")).Length);

        await cluster["B"].KillAsync();
        // Both kinds use the format's defaults: a node silent for 10 s is gone (checked every second).
        await cluster.WaitForServerCountAsync("A", 1, TimeSpan.FromSeconds(10 + 1) + AmqpTestCluster.EffectTimeout);
        Assert.Equal([a], AmqpTestCluster.Ids(await cluster.AckAsync("a", "fetch", "r")));
        Assert.Empty((await cluster.AckAsync("a", "server-ask", "anyone?")).EnumerateArray());
    }
}
