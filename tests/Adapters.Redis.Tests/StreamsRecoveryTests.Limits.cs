using static SocketIO.Adapters.Redis.Tests.StreamsRecoveryWire;
using static SocketIO.TestSupport.RecoveryWire;

namespace SocketIO.Adapters.Redis.Tests;

/// <summary>When a session is restored and when it is not: made-up offsets, one pid twice, expiry, trimming, timing.</summary>
public sealed partial class StreamsRecoveryTests
{
    [Theory]
    [InlineData("1-0")]                   // the right shape, but never an entry of the stream
    [InlineData("99999999999999-0")]      // from the future
    [InlineData("not-an-id")]
    [InlineData("")]
    public async Task An_offset_that_is_not_an_entry_of_the_stream_is_refused(string offset)
    {
        await using var nodes = await RedisNodes.StartAsync();
        await using var cluster = await StartAsync(nodes);
        var a = await ConnectAsync(cluster[0]);
        await EmitAsync(cluster[0], "[\"x\"]");
        await a.Client.NextAsync();
        await DropAndPersistAsync(cluster[0], nodes.Redis, a);

        var back = await ReconnectAsync(cluster[1], a.Pid, offset);

        Assert.NotEqual(a.Sid, back.Sid);
        Assert.NotEqual(a.Pid, back.Pid);
        Assert.Empty(back.Before);
    }

    [Fact]
    public async Task Two_clients_with_the_same_pid_on_two_nodes_do_not_both_recover()
    {
        await using var nodes = await RedisNodes.StartAsync();
        await using var cluster = await StartAsync(nodes);
        var a = await ConnectAsync(cluster[0]);
        await EmitAsync(cluster[0], "[\"x\"]");
        var offset = OffsetOf(await a.Client.NextAsync());
        await DropAndPersistAsync(cluster[0], nodes.Redis, a);

        var both = await Task.WhenAll(ReconnectAsync(cluster[0], a.Pid, offset), ReconnectAsync(cluster[1], a.Pid, offset));

        Assert.Single(both, r => r.Sid == a.Sid);
        Assert.Single(both, r => r.Sid != a.Sid);
    }

    [Fact]
    public async Task A_session_expires_after_the_maximum_disconnection_duration()
    {
        await using var nodes = await RedisNodes.StartAsync();
        await using var cluster = await StartAsync(nodes, r => r.MaxDisconnectionDuration = TimeSpan.FromSeconds(1));
        var a = await ConnectAsync(cluster[0]);
        await EmitAsync(cluster[0], "[\"x\"]");
        var offset = OffsetOf(await a.Client.NextAsync());
        await DropAndPersistAsync(cluster[0], nodes.Redis, a);
        Assert.InRange((long)(await nodes.Redis.ExecuteAsync("PTTL", "sio:session:" + a.Pid))!, 1, 1000);

        await Poll.UntilAsync(async () => await nodes.Redis.ExecuteAsync("EXISTS", "sio:session:" + a.Pid) is 0L, Wait, "the session expired");
        var back = await ReconnectAsync(cluster[1], a.Pid, offset);

        Assert.NotEqual(a.Sid, back.Sid);
        Assert.Empty(back.Before);
    }

    [Fact]
    public async Task A_quiet_client_whose_own_last_event_was_trimmed_still_recovers()
    {
        // Small stream nodes make MAXLEN ~ trim close to the limit.
        await using var nodes = await RedisNodes.StartAsync("--stream-node-max-entries", "4");
        await using var cluster = await StartAsync(nodes, redis: o => o.MaxLen = 20);
        var a = await ConnectAsync(cluster[0]);
        (await ServerSocketAsync(cluster[0], a.Sid, InProcessCluster.Wait)).Join("quiet");
        await EmitAsync(cluster[1], "[\"q\",1]", to: ["quiet"]);
        var offset = OffsetOf(await a.Client.NextAsync());
        // Busy rooms it is not in push its last event out of the stream (Node would now refuse it, socket.io #4733).
        for (var i = 0; i < 100; i++)
            await EmitAsync(cluster[1], $"[\"busy\",{i}]", to: ["busy"]);
        Assert.Empty((object?[])(await nodes.Redis.ExecuteAsync("XRANGE", "socket.io", offset, offset))!);
        await UntilReaderHasAsync(cluster[0], nodes.Redis);

        await DropAndPersistAsync(cluster[0], nodes.Redis, a);
        await EmitAsync(cluster[1], "[\"q\",2]", to: ["quiet"]);
        var back = await ReconnectAsync(cluster[1], a.Pid, offset);

        Assert.Equal(a.Sid, back.Sid);
        Assert.Equal(["42[\"q\",2]"], back.Before.Select(WithoutOffset));
    }

    [Fact]
    public async Task A_client_whose_missed_events_were_trimmed_gets_a_new_socket()
    {
        await using var nodes = await RedisNodes.StartAsync("--stream-node-max-entries", "4");
        await using var cluster = await StartAsync(nodes, redis: o => o.MaxLen = 20);
        var a = await ConnectAsync(cluster[0]);
        await EmitAsync(cluster[1], "[\"seen\"]");
        var offset = OffsetOf(await a.Client.NextAsync());
        await DropAndPersistAsync(cluster[0], nodes.Redis, a);
        for (var i = 0; i < 100; i++)
            await EmitAsync(cluster[1], $"[\"missed\",{i}]");

        var back = await ReconnectAsync(cluster[1], a.Pid, offset);

        Assert.NotEqual(a.Sid, back.Sid);
        Assert.Empty(back.Before);
        Assert.Contains(nodes.Logs.Lines, l => l.Contains("no longer in the stream", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_restore_that_comes_before_the_other_node_wrote_the_session_waits_for_it_a_little()
    {
        await using var nodes = await RedisNodes.StartAsync();
        await using var cluster = await StartAsync(nodes);
        var a = await ConnectAsync(cluster[0]);
        await EmitAsync(cluster[0], "[\"x\"]");
        var offset = OffsetOf(await a.Client.NextAsync());
        await DropAndPersistAsync(cluster[0], nodes.Redis, a);
        // The old node's SET still on its way: take the session out, and put it back once the restore has looked once.
        var key = "sio:session:" + a.Pid;
        var value = (string)(await nodes.Redis.ExecuteAsync("GET", key))!;
        await nodes.Redis.ExecuteAsync("DEL", key);
        await using var monitor = await nodes.Redis.MonitorAsync();

        var back = ReconnectAsync(cluster[1], a.Pid, offset);
        await monitor.WaitForAsync(l => l.Contains($"\"GET\" \"{key}\"", StringComparison.Ordinal), "the first look for the session");
        await nodes.Redis.ExecuteAsync("SET", key, value, "PX", "120000");

        Assert.Equal(a.Sid, (await back).Sid);
    }

    /// <summary>Waits until node <paramref name="io"/>'s reader has handled the stream's newest entry.</summary>
    private static async Task UntilReaderHasAsync(SocketIOServer io, RedisServer redis)
    {
        var newest = (object?[])(await redis.ExecuteAsync("XREVRANGE", "socket.io", "+", "-", "COUNT", "1"))!;
        var id = (string)((object?[])newest[0]!)[0]!;
        await Poll.UntilAsync(() => io.Sockets.Adapter.CurrentOffset is { } at && CompareIds(at, id) >= 0, Wait, $"the reader reached {id}");
    }
}
