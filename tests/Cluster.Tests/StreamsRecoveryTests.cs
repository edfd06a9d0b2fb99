using System.Text.Json;
using SocketIO.Cluster.Tests.Support;
using Xunit.Abstractions;

namespace SocketIO.Cluster.Tests;

/// <summary>
/// Connection state recovery across nodes on Redis streams (REDIS_MODE=streams, RECOVERY=1), with the official client:
/// it connects through a relay (a load balancer) to node A, loses its connection, and the relay sends its reconnection to
/// node B. Node kinds are mixed both ways, so a session one implementation stored is restored by the other.
/// </summary>
public sealed class StreamsRecoveryTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Recovery = new() { ["RECOVERY"] = "1" };

    /// <summary>(A, B): the .NET pair, both mixed pairs, and Node+Node as the reference when CLUSTER_REFERENCE_PAIRS=1.</summary>
    public static TheoryData<NodeKind, NodeKind> Pairs()
    {
        var data = new TheoryData<NodeKind, NodeKind>();
        foreach (var (first, second) in ClusterCases.SurvivorPairs)
            if (ClusterNode.Exists(first) && ClusterNode.Exists(second))
                data.Add(first, second);
        return data;
    }

    // The client through the relay: WebSocket only (a blip is one cut TCP connection), reconnecting at once.
    private static JsConnectOptions ThroughRelay(object auth) => new()
    {
        Auth = auth,
        Transports = ["websocket"],
        Reconnection = true,
        ReconnectionDelay = 100,
        ReconnectionDelayMax = 200,
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task A_client_that_drops_from_A_recovers_on_B_with_what_A_and_B_broadcast_meanwhile(NodeKind first, NodeKind second)
    {
        await using var cluster = await TestCluster.StartAsync(output, "streams", Recovery, first, second);
        await using var relay = TcpRelay.Start(cluster["A"].Host.Url.Port);
        await cluster.ConnectAsync("ha", cluster["A"]);
        await cluster.ConnectAsync("hb", cluster["B"]);
        await cluster.ConnectAsync("w", cluster["B"], new { room = "r" });
        var id = await cluster.Clients.ConnectOrFailAsync("c", relay.Url, ThroughRelay(new { room = "r", user = "cy" }));
        await BroadcastAsync(cluster, "ha", "m1");
        await cluster.Clients.WaitForEventAsync("c", e => e.Name == "msg" && e[0].GetString() == "m1", "m1");

        // The connection drops; until the relay says otherwise, every reconnection attempt is closed at once.
        relay.Refuse();
        await cluster.Clients.KillTransportAsync("c");
        Assert.Equal("transport close", await cluster.Clients.WaitForDisconnectAsync("c"));
        await Poll.UntilAsync(async () => ((object?[])(await cluster.Redis.ExecuteAsync("KEYS", "sio:session:*"))!).Length == 1,
            TestCluster.EffectTimeout, "node A stored the session");
        await BroadcastAsync(cluster, "ha", "m2");
        await BroadcastAsync(cluster, "hb", "m3");
        await BroadcastAsync(cluster, "ha", "m4");

        relay.ForwardTo(cluster["B"].Host.Url.Port);
        var connect = await cluster.Clients.WaitForEventAsync("c", e => e.Reserved && e.Name == "connect", "'connect' again");
        Assert.Equal(id, connect[0].GetProperty("id").GetString());
        Assert.True(connect[0].GetProperty("recovered").GetBoolean(), $"not recovered: {connect}");
        await BroadcastAsync(cluster, "hb", "m5");
        await cluster.Clients.WaitForEventAsync("c", e => e.Name == "msg" && e[0].GetString() == "m5", "m5");

        var received = cluster.Clients.Events("c", "msg");
        Assert.Equal(["m1/A", "m2/A", "m3/B", "m4/A", "m5/B"], received.Select(e => $"{e[0].GetString()}/{e[1].GetString()}"));
        // Every event carries its stream id as its offset, in stream order.
        var offsets = received.Select(e => e[2].GetString()!).ToList();
        Assert.Equal(offsets.Order(Comparer<string>.Create(CompareIds)), offsets);

        var who = await cluster.AckAsync("c", "whoami");
        Assert.Equal(("B", id), (who.GetProperty("node").GetString(), who.GetProperty("id").GetString()));
        var fetched = await cluster.AckAsync("w", "fetch", "r");
        var self = fetched.EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);
        // The data of the session (set by A's middleware, which B skipped), and its rooms.
        Assert.Equal("A", self.GetProperty("node").GetString());
        Assert.Equal("cy", self.GetProperty("user").GetString());
        Assert.Equal(Acks.Sorted(id, "r"), self.GetProperty("rooms").EnumerateArray().Select(r => r.GetString()!).ToArray());
    }

    [Fact]
    public async Task A_client_that_never_received_an_event_recovers_on_another_dotnet_node_with_what_was_sent_meanwhile()
    {
        if (!ClusterNode.Exists(NodeKind.DotNet))
            return;
        await using var cluster = await TestCluster.StartAsync(output, "streams", Recovery, NodeKind.DotNet, NodeKind.DotNet);
        await using var relay = TcpRelay.Start(cluster["A"].Host.Url.Port);
        await cluster.ConnectAsync("ha", cluster["A"]);
        await cluster.ConnectAsync("w", cluster["B"], new { room = "r" });
        var id = await cluster.Clients.ConnectOrFailAsync("c", relay.Url, ThroughRelay(new { room = "r" }));

        relay.Refuse();
        await cluster.Clients.KillTransportAsync("c");
        await cluster.Clients.WaitForDisconnectAsync("c");
        await Poll.UntilAsync(async () => ((object?[])(await cluster.Redis.ExecuteAsync("KEYS", "sio:session:*"))!).Length == 1,
            TestCluster.EffectTimeout, "node A stored the session");
        await BroadcastAsync(cluster, "ha", "m1");

        // The client sends {pid} without an offset; Node's adapter would refuse it (socket.io #4888).
        relay.ForwardTo(cluster["B"].Host.Url.Port);
        var connect = await cluster.Clients.WaitForEventAsync("c", e => e.Reserved && e.Name == "connect", "'connect' again");
        Assert.Equal(id, connect[0].GetProperty("id").GetString());
        Assert.True(connect[0].GetProperty("recovered").GetBoolean());
        await cluster.Clients.WaitForEventAsync("c", e => e.Name == "msg" && e[0].GetString() == "m1", "m1");
    }

    // A broadcast to room r from one helper, awaited until the witness on B has it: the next one comes after it.
    private static async Task BroadcastAsync(TestCluster cluster, string from, string payload)
    {
        await cluster.Clients.EmitAsync(from, "broadcast", "r", payload);
        await cluster.Clients.WaitForEventAsync("w", e => e.Name == "msg" && e[0].GetString() == payload, payload);
    }

    private static int CompareIds(string? a, string? b)
    {
        static (ulong, ulong) Parse(string id) => (ulong.Parse(id[..id.IndexOf('-')]), ulong.Parse(id[(id.IndexOf('-') + 1)..]));
        return Parse(a!).CompareTo(Parse(b!));
    }
}
