using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SocketIO.Adapters;
using SocketIO.Engine;
using SocketIO.Tests.Support;
using static SocketIO.TestSupport.RecoveryWire;

namespace SocketIO.Tests.Server;

/// <summary>
/// Connection state recovery with the in-memory adapter (docs/recovery.md), on raw wire frames and a fake clock.
/// The official client's side is in tests/Transports.WebSocket.Tests (RecoveryInteropTests).
/// </summary>
public class RecoveryTests
{
    private static (SocketIOServer Io, FakeTimeProvider Time) Create(Action<ConnectionStateRecoveryOptions>? recovery = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var io = ServerFactory.Create(o =>
        {
            o.ConnectionStateRecovery = new ConnectionStateRecoveryOptions();
            recovery?.Invoke(o.ConnectionStateRecovery);
            // The fake clock moves by minutes here; the test client answers no pings.
            o.PingInterval = TimeSpan.FromHours(1);
            o.PingTimeout = TimeSpan.FromHours(1);
            o.ConnectTimeout = TimeSpan.FromHours(1);
        }, time);
        return (io, time);
    }

    /// <summary>A network blip: the transport closes under the client; returns once the server has let the socket go.</summary>
    private static async Task DropAsync(SocketIOServer io, TestClient client, string sid)
    {
        Drop(client);
        await Poll.UntilAsync(() => !io.Sockets.Sockets.ContainsKey(sid), TestTransport.Wait, "the socket is gone");
    }

    [Fact]
    public async Task The_connect_reply_carries_a_private_id_only_when_recovery_is_on()
    {
        var (io, _) = Create();
        var on = await ConnectAsync(io);
        Assert.NotEqual(on.Sid, on.Pid);
        Assert.Equal(20, on.Pid.Length);

        var off = ServerFactory.Create();
        var client = await TestClient.OpenAsync(off);
        client.Send("40");
        var reply = await client.NextAsync();
        using var doc = JsonDocument.Parse(reply[2..]);
        Assert.False(doc.RootElement.TryGetProperty("pid", out _));
    }

    [Fact]
    public async Task Broadcasts_and_socket_emits_carry_an_offset_but_volatile_and_acked_ones_do_not()
    {
        var (io, _) = Create();
        var a = await ConnectAsync(io);
        var socket = await ServerSocketAsync(io, a.Sid);

        io.Emit("b", 1);
        socket.Emit("e", "x");
        io.Volatile.Emit("v");
        socket.Volatile.Emit("sv");
        _ = socket.Timeout(TimeSpan.FromSeconds(30)).EmitWithAckAsync("ack");

        var b = await a.Client.NextAsync();
        var e = await a.Client.NextAsync();
        Assert.Equal("42[\"b\",1]", WithoutOffset(b));
        Assert.Equal("42[\"e\",\"x\"]", WithoutOffset(e));
        Assert.NotEqual(OffsetOf(b), OffsetOf(e));
        Assert.Equal("42[\"v\"]", await a.Client.NextAsync());
        Assert.Equal("42[\"sv\"]", await a.Client.NextAsync());
        Assert.Equal("420[\"ack\"]", await a.Client.NextAsync());
    }

    [Fact]
    public async Task A_client_that_comes_back_gets_its_id_rooms_data_and_the_missed_events_in_order_before_the_reply()
    {
        var (io, _) = Create();
        var a = await ConnectAsync(io);
        var b = await ConnectAsync(io);
        var socket = await ServerSocketAsync(io, a.Sid);
        socket.Join("news");
        socket.Data["user"] = "ann";
        io.To("news").Emit("seen", 0);
        var offset = OffsetOf(await a.Client.NextAsync());

        await DropAsync(io, a.Client, a.Sid);
        io.To("news").Emit("m", 1);
        io.To("sports").Emit("not-for-a", 2);
        io.To(a.Sid).Emit("direct", 3);
        io.Emit("all", new byte[] { 7, 8 });
        io.Except("news").Emit("not-for-a", 4);

        Socket? restored = null;
        io.OnConnection(s => restored = s);
        var (client, before, sid, pid) = await ReconnectAsync(io, a.Pid, offset);

        Assert.Equal(a.Sid, sid);
        Assert.Equal(a.Pid, pid);
        Assert.Equal(
            ["42[\"m\",1]", "42[\"direct\",3]", "451-[\"all\",{\"_placeholder\":true,\"num\":0}]", "<binary 2 bytes>"],
            before.Select(f => f.StartsWith("42", StringComparison.Ordinal) || f.StartsWith("45", StringComparison.Ordinal) ? WithoutOffset(f) : f));
        Assert.NotNull(restored);
        Assert.True(restored.Recovered);
        Assert.True(restored.Rooms.SetEquals(["news", a.Sid]));
        Assert.Equal("ann", restored.Data["user"]);
        // Handshake.Auth still holds what the client sent.
        Assert.Equal(a.Pid, restored.Handshake.Auth.GetProperty("pid").GetString());
        Assert.Equal(offset, restored.Handshake.Auth.GetProperty("offset").GetString());

        // It is a live member of its room again; the other client never saw anything of a's.
        io.To("news").Emit("after");
        Assert.Equal("42[\"after\"]", WithoutOffset(await client.NextAsync()));
        Assert.Equal("451-[\"all\",{\"_placeholder\":true,\"num\":0}]", WithoutOffset(await b.Client.NextMatchingAsync(f => f.StartsWith("45", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task A_client_that_never_received_an_event_is_restored_with_everything_sent_to_it()
    {
        var (io, _) = Create();
        var a = await ConnectAsync(io);
        await DropAsync(io, a.Client, a.Sid);
        io.Emit("first", 1);

        var (_, before, sid, _) = await ReconnectAsync(io, a.Pid, offset: null);

        Assert.Equal(a.Sid, sid);
        Assert.Equal(["42[\"first\",1]"], before.Select(WithoutOffset));
    }

    [Fact]
    public async Task Events_written_to_a_dying_transport_are_sent_again()
    {
        var (io, _) = Create();
        var a = await ConnectAsync(io);
        var socket = await ServerSocketAsync(io, a.Sid);
        socket.Emit("got", 1);
        var offset = OffsetOf(await a.Client.NextAsync());
        // The server still thinks the client is there: these go into a connection that is already dead.
        socket.Emit("lost", 2);
        io.Emit("lost-too", 3);
        await DropAsync(io, a.Client, a.Sid);

        var (_, before, _, _) = await ReconnectAsync(io, a.Pid, offset);

        Assert.Equal(["42[\"lost\",2]", "42[\"lost-too\",3]"], before.Select(WithoutOffset));
    }

    [Fact]
    public async Task A_quiet_client_whose_last_event_is_older_than_the_limit_still_recovers_after_a_short_blip()
    {
        var (io, time) = Create();
        var a = await ConnectAsync(io);
        io.Emit("old", 1);
        var offset = OffsetOf(await a.Client.NextAsync());
        // Ten quiet minutes: the sweep drops the old event (Node would now refuse, socket.io #4733).
        for (var i = 0; i < 10; i++)
            time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, ((InMemoryAdapter)io.Sockets.Adapter).RecoveryStats.Events);

        await DropAsync(io, a.Client, a.Sid);
        time.Advance(TimeSpan.FromSeconds(1));
        io.Emit("new", 2);
        var (_, before, sid, _) = await ReconnectAsync(io, a.Pid, offset);

        Assert.Equal(a.Sid, sid);
        Assert.Equal(["42[\"new\",2]"], before.Select(WithoutOffset));
    }

    [Fact]
    public async Task Recovery_is_refused_after_the_maximum_disconnection_duration()
    {
        var (io, time) = Create(r => r.MaxDisconnectionDuration = TimeSpan.FromSeconds(30));
        var a = await ConnectAsync(io);
        io.Emit("x");
        var offset = OffsetOf(await a.Client.NextAsync());
        await DropAsync(io, a.Client, a.Sid);
        time.Advance(TimeSpan.FromSeconds(31));

        var (_, before, sid, pid) = await ReconnectAsync(io, a.Pid, offset);

        Assert.NotEqual(a.Sid, sid);
        Assert.NotEqual(a.Pid, pid);
        Assert.Empty(before);
    }

    [Theory]
    [InlineData("made-up")]
    [InlineData("zzzzzz1")]
    [InlineData("")]
    public async Task Recovery_is_refused_for_an_offset_that_this_server_never_gave(string offset)
    {
        var (io, _) = Create();
        var a = await ConnectAsync(io);
        io.Emit("x");
        var real = OffsetOf(await a.Client.NextAsync());
        await DropAsync(io, a.Client, a.Sid);

        var (_, _, sid, _) = await ReconnectAsync(io, a.Pid, offset);

        Assert.NotEqual(a.Sid, sid);
        Assert.NotEqual(offset, real);
    }

    [Fact]
    public async Task Recovery_is_refused_for_an_offset_from_the_future_and_for_an_unknown_pid()
    {
        var (io, _) = Create();
        var a = await ConnectAsync(io);
        io.Emit("x");
        var real = OffsetOf(await a.Client.NextAsync());
        await DropAsync(io, a.Client, a.Sid);

        var (_, _, sid1, _) = await ReconnectAsync(io, a.Pid, real[..6] + "99");
        var (_, _, sid2, _) = await ReconnectAsync(io, "not-a-pid", real);
        var (_, _, sid3, _) = await ReconnectAsync(io, a.Pid, real);

        Assert.NotEqual(a.Sid, sid1);
        Assert.NotEqual(a.Sid, sid2);
        Assert.Equal(a.Sid, sid3);
    }

    [Fact]
    public async Task A_namespace_disconnect_or_a_parse_error_is_not_persisted()
    {
        var (io, _) = Create();
        var byClient = await ConnectAsync(io);
        var byServer = await ConnectAsync(io);
        var byParseError = await ConnectAsync(io);
        byClient.Client.Send("41");
        (await ServerSocketAsync(io, byServer.Sid)).Disconnect();
        // An engine-level parse error; a Socket.IO-level one closes with "forced close", which Node persists.
        byParseError.Client.Send("x");
        await Poll.UntilAsync(() => io.Sockets.Sockets.Count == 0, TestTransport.Wait, "the sockets are gone");
        Assert.Equal(0, ((InMemoryAdapter)io.Sockets.Adapter).RecoveryStats.Sessions);

        foreach (var gone in new[] { byClient, byServer, byParseError })
        {
            var (_, _, sid, _) = await ReconnectAsync(io, gone.Pid, offset: null);
            Assert.NotEqual(gone.Sid, sid);
        }
    }

    [Fact]
    public async Task Two_clients_with_the_same_pid_do_not_both_recover()
    {
        var (io, _) = Create();
        var a = await ConnectAsync(io);
        io.Emit("x");
        var offset = OffsetOf(await a.Client.NextAsync());
        await DropAsync(io, a.Client, a.Sid);

        var both = await Task.WhenAll(ReconnectAsync(io, a.Pid, offset), ReconnectAsync(io, a.Pid, offset));

        Assert.Single(both, r => r.Sid == a.Sid);
        Assert.Single(both, r => r.Sid != a.Sid);
    }

    [Fact]
    public async Task A_broadcast_storm_keeps_the_store_at_its_cap_and_the_client_gets_a_clean_new_socket()
    {
        var (io, _) = Create(r => r.MaxStoredPackets = 100);
        var a = await ConnectAsync(io);
        io.Emit("x");
        var offset = OffsetOf(await a.Client.NextAsync());
        await DropAsync(io, a.Client, a.Sid);

        for (var i = 0; i < 10_000; i++)
            io.Emit("storm", i);

        var stats = ((InMemoryAdapter)io.Sockets.Adapter).RecoveryStats;
        Assert.Equal(100, stats.Events);
        var (client, before, sid, _) = await ReconnectAsync(io, a.Pid, offset);
        Assert.NotEqual(a.Sid, sid);
        Assert.Empty(before);
        io.Emit("fresh");
        Assert.Equal("42[\"fresh\"]", WithoutOffset(await client.NextAsync()));
    }

    [Fact]
    public async Task The_store_is_bounded_by_bytes_as_well()
    {
        var (io, _) = Create(r => r.MaxStoredBytes = 10_000);
        for (var i = 0; i < 100; i++)
            io.Emit("big", new string('x', 1000));
        var stats = ((InMemoryAdapter)io.Sockets.Adapter).RecoveryStats;
        Assert.InRange(stats.Bytes, 1, 10_000);
        Assert.InRange(stats.Events, 1, 9);
    }

    [Fact]
    public async Task Events_and_sessions_expire_with_the_sweep()
    {
        var (io, time) = Create();
        var a = await ConnectAsync(io);
        io.Emit("x");
        await a.Client.NextAsync();
        await DropAsync(io, a.Client, a.Sid);
        var adapter = (InMemoryAdapter)io.Sockets.Adapter;
        Assert.Equal((1, 1), (adapter.RecoveryStats.Events, adapter.RecoveryStats.Sessions));

        for (var i = 0; i < 3; i++)
            time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal((0, 0), (adapter.RecoveryStats.Events, adapter.RecoveryStats.Sessions));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Middleware_runs_for_a_recovered_socket_only_when_not_skipped(bool skip)
    {
        var (io, _) = Create(r => r.SkipMiddlewares = skip);
        var runs = 0;
        io.Use(_ => Interlocked.Increment(ref runs));
        var a = await ConnectAsync(io);
        await DropAsync(io, a.Client, a.Sid);

        var (_, _, sid, _) = await ReconnectAsync(io, a.Pid, offset: null);

        Assert.Equal(a.Sid, sid);
        Assert.Equal(skip ? 1 : 2, runs);
    }

    [Fact]
    public async Task A_restore_waits_for_a_persist_still_in_flight()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var io = ServerFactory.Create(o => o.ConnectionStateRecovery = new ConnectionStateRecoveryOptions(), time,
            adapterFactory: new SlowPersistFactory(gate.Task));
        var a = await ConnectAsync(io);
        await DropAsync(io, a.Client, a.Sid);

        // The CONNECT is handled synchronously up to the restore, which then waits for the persist.
        var client = await TestClient.OpenAsync(io);
        client.Send("40" + JsonSerializer.Serialize(new { pid = a.Pid }));
        gate.SetResult();
        var reply = await client.NextMatchingAsync(f => f.StartsWith("40", StringComparison.Ordinal));

        Assert.Contains(a.Sid, reply);
    }

    private sealed class SlowPersistFactory(Task gate) : IAdapterFactory
    {
        public Adapter Create(IAdapterHost host) => new SlowPersist(host, gate);
    }

    private sealed class SlowPersist(IAdapterHost host, Task gate) : InMemoryAdapter(host)
    {
        public override async ValueTask PersistSessionAsync(PersistedSession session)
        {
            await gate;
            await base.PersistSessionAsync(session);
        }
    }

    [Fact]
    public async Task A_recovered_socket_that_drops_again_recovers_again()
    {
        var (io, _) = Create();
        var a = await ConnectAsync(io);
        io.Emit("one");
        var offset = OffsetOf(await a.Client.NextAsync());
        await DropAsync(io, a.Client, a.Sid);
        io.Emit("two");
        var first = await ReconnectAsync(io, a.Pid, offset);
        offset = OffsetOf(first.Before.Single());
        io.Emit("three");
        Assert.Equal("42[\"three\"]", WithoutOffset(await first.Client.NextAsync()));
        await DropAsync(io, first.Client, first.Sid);
        io.Emit("four");

        // Its offset is still that of "two": the transport died before it could read "three".
        var second = await ReconnectAsync(io, a.Pid, offset);

        Assert.Equal(a.Sid, second.Sid);
        Assert.Equal(["42[\"three\"]", "42[\"four\"]"], second.Before.Select(WithoutOffset));
    }
}
