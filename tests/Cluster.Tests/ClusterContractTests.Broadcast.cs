using System.Text.Json;
using SocketIO.Cluster.Tests.Support;

namespace SocketIO.Cluster.Tests;

public sealed partial class ClusterContractTests
{
    [Theory]
    [MemberData(nameof(ClusterCases.All), MemberType = typeof(ClusterCases))]
    public async Task Broadcast_to_a_room_reaches_members_on_both_nodes_from_either_node(NodeKind first, NodeKind second, string mode)
    {
        await using var cluster = await StartAsync(first, second, mode);
        await cluster.ConnectAsync("a", cluster["A"], new { room = "r" });
        await cluster.ConnectAsync("b", cluster["B"], new { room = "r" });
        await cluster.ConnectAsync("outsider", cluster["B"], new { room = "elsewhere" });

        foreach (var (sender, node) in new[] { ("a", "A"), ("b", "B") })
        {
            await cluster.Clients.EmitAsync(sender, "broadcast", "r", new { text = $"from {sender}", n = 1 });
            foreach (var member in new[] { "a", "b" })
            {
                var msg = await cluster.Clients.WaitForEventAsync(member, "msg");
                Assert.Equal($"from {sender}", msg[0].GetProperty("text").GetString());
                Assert.Equal(1, msg[0].GetProperty("n").GetInt32());
                Assert.Equal(node, msg[1].GetString());
            }
        }

        // A later broadcast from the same sender to the outsider's room arrives after the earlier ones would have.
        await cluster.Clients.EmitAsync("b", "broadcast", "elsewhere", "marker");
        Assert.Equal("marker", (await cluster.Clients.WaitForEventAsync("outsider", "msg"))[0].GetString());
        Assert.Single(cluster.Clients.Events("outsider", "msg"));
        cluster.Clients.AssertNoPending("a", "msg");
        cluster.Clients.AssertNoPending("b", "msg");
    }

    [Theory]
    [MemberData(nameof(ClusterCases.All), MemberType = typeof(ClusterCases))]
    public async Task Broadcast_carries_binary_payloads_across_nodes(NodeKind first, NodeKind second, string mode)
    {
        await using var cluster = await StartAsync(first, second, mode);
        await cluster.ConnectAsync("a", cluster["A"], new { room = "r" });
        await cluster.ConnectAsync("b", cluster["B"], new { room = "r" });
        byte[] bytes = [0, 1, 2, 250, 255];

        await cluster.Clients.EmitAsync("a", "broadcast", "r", new { name = "blob", data = bytes });

        var msg = await cluster.Clients.WaitForEventAsync("b", "msg");
        Assert.Equal("blob", msg[0].GetProperty("name").GetString());
        Assert.Equal(bytes, JsJson.Bytes(msg[0].GetProperty("data")));
        Assert.Equal("A", msg[1].GetString());
    }

    [Theory]
    [MemberData(nameof(ClusterCases.All), MemberType = typeof(ClusterCases))]
    public async Task Announce_reaches_listeners_on_the_other_nodes_only(NodeKind first, NodeKind second, string mode)
    {
        await using var cluster = await StartAsync(first, second, mode);
        await cluster.ConnectAsync("a", cluster["A"], new { room = "listeners" });
        await cluster.ConnectAsync("b", cluster["B"], new { room = "listeners" });
        await cluster.ConnectAsync("deaf", cluster["B"], new { room = "not-listening" });

        await cluster.Clients.EmitAsync("a", "announce", "hello from a");
        var heard = await cluster.Clients.WaitForEventAsync("b", "announced");
        Assert.Equal(["hello from a", "B"], heard.Args.Select(x => x.GetString()));

        // Server-side events never come back to their emitter: a hears b's announce, and nothing before it.
        await cluster.Clients.EmitAsync("b", "announce", "hello from b");
        var back = await cluster.Clients.WaitForEventAsync("a", "announced");
        Assert.Equal(["hello from b", "A"], back.Args.Select(x => x.GetString()));
        Assert.Single(cluster.Clients.Events("a", "announced"));
        Assert.Empty(cluster.Clients.Events("deaf", "announced"));
        cluster.Clients.AssertNoPending("b", "announced");
    }
}
