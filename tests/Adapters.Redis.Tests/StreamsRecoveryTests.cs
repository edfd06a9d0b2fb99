using System.Text;
using SocketIO.Protocol;
using static SocketIO.Adapters.Redis.Tests.StreamsRecoveryWire;
using static SocketIO.TestSupport.RecoveryWire;

namespace SocketIO.Adapters.Redis.Tests;

/// <summary>
/// Connection state recovery across two .NET nodes in streams mode, on raw wire frames: a client drops from one node
/// and comes back on the other with its id, rooms, data and the events it missed, in stream order, each once.
/// </summary>
public sealed partial class StreamsRecoveryTests
{
    private static readonly TimeSpan Wait = InProcessCluster.Wait;

    private static Task<InProcessCluster> StartAsync(RedisNodes nodes, Action<ConnectionStateRecoveryOptions>? recovery = null, Action<RedisAdapterOptions>? redis = null) =>
        InProcessCluster.StartAsync(2, _ => nodes.Node(o =>
        {
            o.Mode = RedisAdapterMode.Streams;
            redis?.Invoke(o);
        }), options: o =>
        {
            o.ConnectionStateRecovery = new ConnectionStateRecoveryOptions();
            recovery?.Invoke(o.ConnectionStateRecovery);
        });

    /// <summary>A broadcast through the adapter, awaited until it is in the stream, so that several nodes' events have a known order.</summary>
    private static Task EmitAsync(SocketIOServer io, string json, string[]? to = null, string[]? except = null, byte[]? attachment = null) =>
        io.Sockets.Adapter.BroadcastAsync(
            new SocketPacket(PacketType.Event, "/", new PacketData(Encoding.UTF8.GetBytes(json), attachment is null ? null : [attachment])),
            new BroadcastOptions
            {
                Rooms = new HashSet<string>(to ?? [], StringComparer.Ordinal),
                Except = new HashSet<string>(except ?? [], StringComparer.Ordinal),
            }).AsTask().WaitAsync(Wait);

    /// <summary>Node 0 emits a marker to everyone: what the client received before it is all it received.</summary>
    private static async Task<List<string>> UntilMarkerAsync(InProcessCluster cluster, TestClient client)
    {
        await EmitAsync(cluster[0], "[\"marker\"]");
        var frames = new List<string>();
        while (true)
        {
            var frame = await client.NextAsync();
            if (frame.StartsWith("42[\"marker\"", StringComparison.Ordinal))
                return frames;
            frames.Add(frame);
        }
    }

    private static void AssertOffsetsGrow(IEnumerable<string> frames)
    {
        var offsets = frames.Where(f => f.StartsWith("42", StringComparison.Ordinal) || f.StartsWith("45", StringComparison.Ordinal)).Select(OffsetOf).ToList();
        for (var i = 1; i < offsets.Count; i++)
            Assert.True(CompareIds(offsets[i - 1], offsets[i]) < 0, $"offsets out of order: {string.Join(", ", offsets)}");
    }

    [Fact]
    public async Task A_client_that_drops_from_one_node_recovers_on_the_other_with_what_both_broadcast_meanwhile()
    {
        await using var nodes = await RedisNodes.StartAsync();
        await using var cluster = await StartAsync(nodes);
        var a = await ConnectAsync(cluster[0]);
        var other = await ConnectAsync(cluster[1]);
        var socket = await ServerSocketAsync(cluster[0], a.Sid, InProcessCluster.Wait);
        socket.Join("news");
        socket.Data["user"] = "ann";
        socket.Data["visits"] = 3;
        await EmitAsync(cluster[1], "[\"seen\",0]", to: ["news"]);
        var offset = OffsetOf(await a.Client.NextAsync());

        await DropAndPersistAsync(cluster[0], nodes.Redis, a);
        await EmitAsync(cluster[0], "[\"m\",1]", to: ["news"]);
        await EmitAsync(cluster[1], "[\"m\",2]", to: ["news"]);
        await EmitAsync(cluster[1], "[\"not-for-a\",3]", to: ["sports"]);
        await EmitAsync(cluster[0], "[\"direct\",4]", to: [a.Sid]);
        await EmitAsync(cluster[1], "[\"all\",{\"_placeholder\":true,\"num\":0}]", attachment: [7, 8]);
        await EmitAsync(cluster[0], "[\"not-for-a\",5]", except: ["news"]);

        Socket? restored = null;
        cluster[1].OnConnection(s => restored = s);
        var back = await ReconnectAsync(cluster[1], a.Pid, offset);

        Assert.Equal(a.Sid, back.Sid);
        Assert.Equal(a.Pid, back.Pid);
        Assert.Equal(
            ["42[\"m\",1]", "42[\"m\",2]", "42[\"direct\",4]", "451-[\"all\",{\"_placeholder\":true,\"num\":0}]", "<binary 2 bytes>"],
            back.Before.Select(f => f.StartsWith('<') ? f : WithoutOffset(f)));
        AssertOffsetsGrow(back.Before);
        Assert.NotNull(restored);
        Assert.True(restored.Recovered);
        Assert.True(restored.Rooms.SetEquals(["news", a.Sid]), string.Join(",", restored.Rooms));
        Assert.Equal("ann", restored.Data["user"]);
        Assert.Equal(3L, restored.Data["visits"]);

        // A live member of its room again, on its new node; nothing it was sent comes twice.
        await EmitAsync(cluster[0], "[\"after\"]", to: ["news"]);
        Assert.Equal(["42[\"after\"]"], (await UntilMarkerAsync(cluster, back.Client)).Select(WithoutOffset));
        Assert.DoesNotContain(await UntilMarkerAsync(cluster, other.Client), f => f.Contains("direct", StringComparison.Ordinal) || f.Contains("\"m\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_without_an_offset_recovers_on_another_node_with_everything_sent_since_it_connected()
    {
        await using var nodes = await RedisNodes.StartAsync();
        await using var cluster = await StartAsync(nodes);
        // Node 0 reads the stream on its own schedule: a witness on node 0 shows when its reader is past the event.
        var witness = await ConnectAsync(cluster[0]);
        await EmitAsync(cluster[1], "[\"before-it-connected\"]");
        Assert.StartsWith("42[\"before-it-connected\"", await witness.Client.NextAsync(), StringComparison.Ordinal);
        var a = await ConnectAsync(cluster[0]);
        await DropAndPersistAsync(cluster[0], nodes.Redis, a);
        await EmitAsync(cluster[1], "[\"first\",1]");
        await EmitAsync(cluster[0], "[\"second\",2]", to: [a.Sid]);

        var back = await ReconnectAsync(cluster[1], a.Pid, offset: null);

        Assert.Equal(a.Sid, back.Sid);
        Assert.Equal(["42[\"first\",1]", "42[\"second\",2]"], back.Before.Select(WithoutOffset));
    }

    [Fact]
    public async Task Events_written_to_a_dying_transport_are_sent_again_by_the_other_node()
    {
        await using var nodes = await RedisNodes.StartAsync();
        await using var cluster = await StartAsync(nodes);
        var a = await ConnectAsync(cluster[0]);
        var socket = await ServerSocketAsync(cluster[0], a.Sid, InProcessCluster.Wait);
        // With recovery on, socket.Emit goes through the stream too (Node's socket.emit), and gets an offset.
        socket.Emit("got", 1);
        var offset = OffsetOf(await a.Client.NextAsync());
        // Written to the transport, never read by the client: the connection was already dead.
        socket.Emit("lost", 2);
        Assert.Equal("42[\"lost\",2]", WithoutOffset(await a.Client.NextAsync()));
        await EmitAsync(cluster[1], "[\"lost-too\",3]");
        Assert.Equal("42[\"lost-too\",3]", WithoutOffset(await a.Client.NextAsync()));

        await DropAndPersistAsync(cluster[0], nodes.Redis, a);
        var back = await ReconnectAsync(cluster[1], a.Pid, offset);

        Assert.Equal(a.Sid, back.Sid);
        Assert.Equal(["42[\"lost\",2]", "42[\"lost-too\",3]"], back.Before.Select(WithoutOffset));
    }

    [Fact]
    public async Task A_client_that_comes_back_during_a_stream_of_broadcasts_gets_every_event_once_and_in_order()
    {
        await using var nodes = await RedisNodes.StartAsync();
        await using var cluster = await StartAsync(nodes);
        var a = await ConnectAsync(cluster[0]);
        const int count = 300;
        var emitting = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
                await EmitAsync(cluster[i % 2], $"[\"n\",{i}]");
        });
        var received = new List<int>();
        string offset;
        while (true)
        {
            var frame = await a.Client.NextAsync();
            received.Add(int.Parse(WithoutOffset(frame)["42[\"n\",".Length..^1]));
            if (received.Count == 50)
            {
                offset = OffsetOf(frame);
                break;
            }
        }

        Drop(a.Client);
        var back = await ReconnectAsync(cluster[1], a.Pid, offset);
        Assert.Equal(a.Sid, back.Sid);
        await emitting.WaitAsync(Wait);
        var frames = back.Before.Concat(await UntilMarkerAsync(cluster, back.Client)).ToList();

        AssertOffsetsGrow(frames);
        received.AddRange(frames.Select(f => int.Parse(WithoutOffset(f)["42[\"n\",".Length..^1])));
        Assert.True(Enumerable.Range(0, count).SequenceEqual(received), $"received {string.Join(",", received)}");
    }
}
