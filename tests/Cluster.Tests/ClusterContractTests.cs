using System.Text.Json;
using SocketIO.Cluster.Tests.Support;
using Xunit.Abstractions;

namespace SocketIO.Cluster.Tests;

/// <summary>
/// The cluster-node contract (samples/Cluster) driven by the official socket.io-client, for every pair of node kinds
/// that exists (<see cref="ClusterCases"/>) in classic and sharded Redis mode. Node A runs the first kind, node B the second.
/// </summary>
public sealed partial class ClusterContractTests(ITestOutputHelper output)
{
    private Task<TestCluster> StartAsync(NodeKind first, NodeKind second, string mode) =>
        TestCluster.StartAsync(output, mode, first, second);

    [Theory]
    [MemberData(nameof(ClusterCases.All), MemberType = typeof(ClusterCases))]
    public async Task Whoami_names_the_node_and_the_socket(NodeKind first, NodeKind second, string mode)
    {
        await using var cluster = await StartAsync(first, second, mode);
        var a = await cluster.ConnectAsync("a", cluster["A"]);
        var b = await cluster.ConnectAsync("b", cluster["B"]);

        var whoA = await cluster.AckAsync("a", "whoami");
        var whoB = await cluster.AckAsync("b", "whoami");

        Assert.Equal("A", whoA.GetProperty("node").GetString());
        Assert.Equal(a, whoA.GetProperty("id").GetString());
        Assert.Equal("B", whoB.GetProperty("node").GetString());
        Assert.Equal(b, whoB.GetProperty("id").GetString());
    }

    [Theory]
    [MemberData(nameof(ClusterCases.All), MemberType = typeof(ClusterCases))]
    public async Task Server_count_counts_every_node_and_drops_one_stopped_with_SIGTERM(NodeKind first, NodeKind second, string mode)
    {
        await using var cluster = await StartAsync(first, second, mode);
        await cluster.ConnectAsync("a", cluster["A"]);
        await cluster.ConnectAsync("b", cluster["B"]);

        Assert.Equal(2, (await cluster.AckAsync("a", "server-count")).GetInt32());
        Assert.Equal(2, (await cluster.AckAsync("b", "server-count")).GetInt32());

        await cluster["B"].Host.StopAsync();
        await cluster.WaitForServerCountAsync(cluster["A"], 1);
    }

    [Theory]
    [MemberData(nameof(ClusterCases.Classic), MemberType = typeof(ClusterCases))]
    public async Task All_rooms_lists_every_room_of_every_node_sorted_and_distinct(NodeKind first, NodeKind second, string mode)
    {
        await using var cluster = await StartAsync(first, second, mode);
        var a = await cluster.ConnectAsync("a", cluster["A"], new { room = "shared" });
        var b = await cluster.ConnectAsync("b", cluster["B"], new { room = "shared" });
        var c = await cluster.ConnectAsync("c", cluster["B"], new { room = "only-b" });
        Assert.Equal(JsonValueKind.True, (await cluster.AckAsync("a", "sockets-join", a, "only-a")).ValueKind);
        await cluster.WaitForFetchAsync("b", "only-a", ids => ids.SequenceEqual([a]), "a is in only-a");

        var expected = Acks.Sorted(a, b, c, "shared", "only-a", "only-b");
        Assert.Equal(expected, Acks.Strings(await cluster.AckAsync("a", "all-rooms"), "all-rooms from A"));
        Assert.Equal(expected, Acks.Strings(await cluster.AckAsync("b", "all-rooms"), "all-rooms from B"));
    }
}
