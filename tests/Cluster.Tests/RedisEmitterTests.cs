using SocketIO.Cluster.Tests.Support;
using Xunit.Abstractions;

namespace SocketIO.Cluster.Tests;

/// <summary>
/// The official <c>@socket.io/redis-emitter</c> (a Node process publishing on the cluster's Redis, classic format)
/// reaches the clients of every node.
/// </summary>
public sealed class RedisEmitterTests(ITestOutputHelper output)
{
    private Task<TestCluster> StartAsync(NodeKind first, NodeKind second, string mode) =>
        TestCluster.StartAsync(output, mode, first, second);

    [Theory]
    [MemberData(nameof(ClusterCases.Classic), MemberType = typeof(ClusterCases))]
    public async Task Emit_to_a_room_reaches_its_members_on_every_node(NodeKind first, NodeKind second, string mode)
    {
        await using var cluster = await StartAsync(first, second, mode);
        await cluster.ConnectAsync("a", cluster["A"], new { room = "r" });
        await cluster.ConnectAsync("b", cluster["B"], new { room = "r" });
        await cluster.ConnectAsync("outsider", cluster["B"], new { room = "other" });
        byte[] bytes = [9, 8, 7];

        await RedisEmitter.EmitAsync(cluster.Redis.Url, ["r"], [], "msg", "from the emitter", new { blob = bytes });

        foreach (var member in new[] { "a", "b" })
        {
            var msg = await cluster.Clients.WaitForEventAsync(member, "msg");
            Assert.Equal("from the emitter", msg[0].GetString());
            Assert.Equal(bytes, JsJson.Bytes(msg[1].GetProperty("blob")));
        }
        await RedisEmitter.EmitAsync(cluster.Redis.Url, [], [], "marker");
        await cluster.Clients.WaitForEventAsync("outsider", "marker");
        Assert.Empty(cluster.Clients.Events("outsider", "msg"));
    }

    [Theory]
    [MemberData(nameof(ClusterCases.Classic), MemberType = typeof(ClusterCases))]
    public async Task Emit_except_a_room_skips_its_members_on_every_node(NodeKind first, NodeKind second, string mode)
    {
        await using var cluster = await StartAsync(first, second, mode);
        await cluster.ConnectAsync("a", cluster["A"], new { room = "r" });
        await cluster.ConnectAsync("b", cluster["B"], new { room = "r" });
        await cluster.ConnectAsync("a-muted", cluster["A"], new { room = "r" });
        await cluster.ConnectAsync("b-muted", cluster["B"], new { room = "r" });
        foreach (var muted in new[] { "a-muted", "b-muted" })
            await cluster.AckAsync(muted, "sockets-join", (await cluster.AckAsync(muted, "whoami")).GetProperty("id").GetString(), "muted");
        await cluster.WaitForFetchAsync("a", "muted", ids => ids.Length == 2, "two sockets are muted");

        await RedisEmitter.EmitAsync(cluster.Redis.Url, ["r"], ["muted"], "msg", "not for the muted");
        await RedisEmitter.EmitAsync(cluster.Redis.Url, ["r"], [], "marker");

        foreach (var client in new[] { "a", "b" })
        {
            Assert.Equal("not for the muted", (await cluster.Clients.WaitForEventAsync(client, "msg"))[0].GetString());
            await cluster.Clients.WaitForEventAsync(client, "marker");
        }
        foreach (var muted in new[] { "a-muted", "b-muted" })
        {
            await cluster.Clients.WaitForEventAsync(muted, "marker");
            Assert.Empty(cluster.Clients.Events(muted, "msg"));
        }
    }

    [Theory]
    [MemberData(nameof(ClusterCases.Classic), MemberType = typeof(ClusterCases))]
    public async Task Server_side_emit_announce_reaches_every_node(NodeKind first, NodeKind second, string mode)
    {
        await using var cluster = await StartAsync(first, second, mode);
        await cluster.ConnectAsync("a", cluster["A"], new { room = "listeners" });
        await cluster.ConnectAsync("b", cluster["B"], new { room = "listeners" });

        await RedisEmitter.ServerSideEmitAsync(cluster.Redis.Url, "announce", "from the emitter");

        Assert.Equal(["from the emitter", "A"], (await cluster.Clients.WaitForEventAsync("a", "announced")).Args.Select(x => x.GetString()));
        Assert.Equal(["from the emitter", "B"], (await cluster.Clients.WaitForEventAsync("b", "announced")).Args.Select(x => x.GetString()));
    }

    [Theory]
    [MemberData(nameof(ClusterCases.Classic), MemberType = typeof(ClusterCases))]
    public async Task Sockets_join_and_leave_change_rooms_on_every_node(NodeKind first, NodeKind second, string mode)
    {
        await using var cluster = await StartAsync(first, second, mode);
        var a = await cluster.ConnectAsync("a", cluster["A"], new { room = "r" });
        var b = await cluster.ConnectAsync("b", cluster["B"], new { room = "r" });
        await cluster.ConnectAsync("outsider", cluster["B"], new { room = "other" });

        await RedisEmitter.SocketsJoinAsync(cluster.Redis.Url, ["r"], "joined");
        await cluster.WaitForFetchAsync("outsider", "joined", ids => ids.SequenceEqual(Acks.Sorted(a, b)), "a and b joined");

        await RedisEmitter.SocketsLeaveAsync(cluster.Redis.Url, ["joined"], "r");
        await cluster.WaitForFetchAsync("outsider", "r", ids => ids.Length == 0, "a and b left r");
        Assert.Equal(Acks.Sorted(a, b), Acks.FetchIds(await cluster.AckAsync("a", "fetch", "joined"), "still in joined"));
    }

    [Theory]
    [MemberData(nameof(ClusterCases.Classic), MemberType = typeof(ClusterCases))]
    public async Task Disconnect_sockets_disconnects_a_room_on_every_node(NodeKind first, NodeKind second, string mode)
    {
        await using var cluster = await StartAsync(first, second, mode);
        await cluster.ConnectAsync("a", cluster["A"], new { room = "doomed" });
        await cluster.ConnectAsync("b", cluster["B"], new { room = "doomed" });
        var survivor = await cluster.ConnectAsync("survivor", cluster["A"], new { room = "safe" });

        await RedisEmitter.DisconnectSocketsAsync(cluster.Redis.Url, ["doomed"], close: true);

        Assert.Equal("io server disconnect", await cluster.Clients.WaitForDisconnectAsync("a", TestCluster.EffectTimeout));
        Assert.Equal("io server disconnect", await cluster.Clients.WaitForDisconnectAsync("b", TestCluster.EffectTimeout));
        Assert.Equal(survivor, (await cluster.AckAsync("survivor", "whoami")).GetProperty("id").GetString());
    }
}
