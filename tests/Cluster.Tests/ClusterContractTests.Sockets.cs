using System.Text.Json;
using SocketIO.Cluster.Tests.Support;

namespace SocketIO.Cluster.Tests;

public sealed partial class ClusterContractTests
{
    [Theory]
    [MemberData(nameof(ClusterCases.All), MemberType = typeof(ClusterCases))]
    public async Task Fetch_lists_the_sockets_of_every_node_sorted_with_data_and_rooms(NodeKind first, NodeKind second, string mode)
    {
        await using var cluster = await StartAsync(first, second, mode);
        var a = await cluster.ConnectAsync("a", cluster["A"], new { room = "r", user = "alice" });
        var b = await cluster.ConnectAsync("b", cluster["B"], new { room = "r", user = new { name = "bob", level = 3 } });
        var c = await cluster.ConnectAsync("c", cluster["B"], new { room = "r" });
        await cluster.ConnectAsync("outsider", cluster["A"], new { room = "other" });

        foreach (var asker in new[] { "a", "b" })
        {
            var fetched = await cluster.AckAsync(asker, "fetch", "r");
            Assert.Equal(Acks.Sorted(a, b, c), Acks.FetchIds(fetched, $"fetch from {asker}"));
            var byId = fetched.EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);

            Assert.Equal("A", byId[a].GetProperty("node").GetString());
            Assert.Equal("alice", byId[a].GetProperty("user").GetString());
            Assert.Equal(Acks.Sorted(a, "r"), Acks.Strings(byId[a].GetProperty("rooms"), "rooms of a"));

            Assert.Equal("B", byId[b].GetProperty("node").GetString());
            Assert.Equal("bob", byId[b].GetProperty("user").GetProperty("name").GetString());
            Assert.Equal(3, byId[b].GetProperty("user").GetProperty("level").GetInt32());
            Assert.Equal(Acks.Sorted(b, "r"), Acks.Strings(byId[b].GetProperty("rooms"), "rooms of b"));

            Assert.Equal("B", byId[c].GetProperty("node").GetString());
            Assert.Equal(JsonValueKind.Null, byId[c].GetProperty("user").ValueKind);
        }

        Assert.Empty(Acks.FetchIds(await cluster.AckAsync("a", "fetch", "nobody-here"), "fetch of an empty room"));
    }

    [Theory]
    [MemberData(nameof(ClusterCases.All), MemberType = typeof(ClusterCases))]
    public async Task Sockets_join_adds_the_sockets_of_every_node_to_the_room(NodeKind first, NodeKind second, string mode)
    {
        await using var cluster = await StartAsync(first, second, mode);
        var a = await cluster.ConnectAsync("a", cluster["A"], new { room = "r" });
        var b = await cluster.ConnectAsync("b", cluster["B"], new { room = "r" });
        await cluster.ConnectAsync("outsider", cluster["B"], new { room = "other" });

        Assert.Equal(JsonValueKind.True, (await cluster.AckAsync("a", "sockets-join", "r", "joined")).ValueKind);

        var fetched = await cluster.WaitForFetchAsync("b", "joined", ids => ids.SequenceEqual(Acks.Sorted(a, b)), "a and b are in 'joined'");
        foreach (var socket in fetched.EnumerateArray())
        {
            var id = socket.GetProperty("id").GetString()!;
            Assert.Equal(Acks.Sorted(id, "joined", "r"), Acks.Strings(socket.GetProperty("rooms"), "rooms after join"));
        }

        // And delivery follows the new membership, from the other node.
        await cluster.Clients.EmitAsync("b", "broadcast", "joined", "to joined");
        Assert.Equal("to joined", (await cluster.Clients.WaitForEventAsync("a", "msg"))[0].GetString());
        Assert.Equal("to joined", (await cluster.Clients.WaitForEventAsync("b", "msg"))[0].GetString());
        await cluster.Clients.EmitAsync("b", "broadcast", "other", "marker");
        await cluster.Clients.WaitForEventAsync("outsider", "msg");
        Assert.Single(cluster.Clients.Events("outsider", "msg"));
    }

    [Theory]
    [MemberData(nameof(ClusterCases.All), MemberType = typeof(ClusterCases))]
    public async Task Sockets_leave_removes_the_sockets_of_every_node_from_the_room(NodeKind first, NodeKind second, string mode)
    {
        await using var cluster = await StartAsync(first, second, mode);
        var a = await cluster.ConnectAsync("a", cluster["A"], new { room = "r" });
        await cluster.ConnectAsync("b", cluster["B"], new { room = "r" });
        var stays = await cluster.ConnectAsync("stays", cluster["B"], new { room = "keep" });
        Assert.Equal(JsonValueKind.True, (await cluster.AckAsync("stays", "sockets-join", "keep", "r")).ValueKind);
        await cluster.WaitForFetchAsync("a", "r", ids => ids.Length == 3, "three sockets are in r");

        Assert.Equal(JsonValueKind.True, (await cluster.AckAsync("b", "sockets-leave", "r", "r")).ValueKind);
        await cluster.WaitForFetchAsync("a", "r", ids => ids.Length == 0, "nobody is left in r");

        // 'stays' left r too (it was in r), but is still in keep; a and b are in no room but their own.
        Assert.Equal([stays], Acks.FetchIds(await cluster.AckAsync("a", "fetch", "keep"), "fetch keep"));
        var fetchedA = await cluster.AckAsync("b", "fetch", a);
        Assert.Equal([a], Acks.Strings(fetchedA[0].GetProperty("rooms"), "rooms of a"));

        await cluster.Clients.EmitAsync("a", "broadcast", "r", "to nobody");
        await cluster.Clients.EmitAsync("a", "broadcast", "keep", "marker");
        Assert.Equal("marker", (await cluster.Clients.WaitForEventAsync("stays", "msg"))[0].GetString());
        Assert.Single(cluster.Clients.Events("stays", "msg"));
        Assert.Empty(cluster.Clients.Events("a", "msg"));
        Assert.Empty(cluster.Clients.Events("b", "msg"));
    }

    [Theory]
    [MemberData(nameof(ClusterCases.All), MemberType = typeof(ClusterCases))]
    public async Task Disconnect_room_disconnects_its_sockets_on_every_node(NodeKind first, NodeKind second, string mode)
    {
        await using var cluster = await StartAsync(first, second, mode);
        await cluster.ConnectAsync("a", cluster["A"], new { room = "doomed" });
        await cluster.ConnectAsync("b", cluster["B"], new { room = "doomed" });
        var survivor = await cluster.ConnectAsync("survivor", cluster["B"], new { room = "safe" });

        Assert.Equal(JsonValueKind.True, (await cluster.AckAsync("survivor", "disconnect-room", "doomed")).ValueKind);

        Assert.Equal("io server disconnect", await cluster.Clients.WaitForDisconnectAsync("a", TestCluster.EffectTimeout));
        Assert.Equal("io server disconnect", await cluster.Clients.WaitForDisconnectAsync("b", TestCluster.EffectTimeout));
        Assert.Equal(survivor, (await cluster.AckAsync("survivor", "whoami")).GetProperty("id").GetString());
        await cluster.WaitForFetchAsync("survivor", "doomed", ids => ids.Length == 0, "doomed is empty");
    }
}
