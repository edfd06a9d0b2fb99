using Microsoft.Extensions.Time.Testing;
using SocketIO.Engine;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Engine;

public class UpgradeTests
{
    private static EnginePacket Text(string frame) => EnginePacket.FromTextFrame(System.Text.Encoding.UTF8.GetBytes(frame));

    /// <summary>Starts an upgrade to <paramref name="probe"/> and, when the engine accepts it, attaches the probe's channel.</summary>
    private static bool BeginUpgrade(EngineServer engine, EngineSession session, TestTransport probe)
    {
        if (engine.TryBeginUpgrade(session, probe) is not { } channel)
            return false;
        probe.Attach(channel);
        return true;
    }

    private static (EngineServer, FakeTimeProvider, EngineSession, TestTransport) OpenPolling(bool reads = true)
    {
        var time = new FakeTimeProvider();
        var engine = new EngineServer(new EngineOptions(), time);
        var polling = new TestTransport("polling", reads);
        var channel = engine.Open(polling, new HandshakeRequest());
        polling.Attach(channel);
        var session = channel.Session;
        return (engine, time, session, polling);
    }

    [Fact]
    public async Task Probe_noop_and_upgrade_move_the_session_to_the_new_transport()
    {
        // The paused client polls no more: the polling transport takes only the open packet, so what is
        // queued during the upgrade is left for the WebSocket.
        var (engine, time, session, polling) = OpenPolling(reads: false);
        Assert.True(polling.Channel.TryRead(out var open));
        Assert.Equal(EnginePacketType.Open, open.Type);
        var ws = new TestTransport("websocket", reads: false);

        Assert.True(BeginUpgrade(engine, session, ws));
        Assert.True(session.IsUpgrading);
        Assert.Equal(ProbeResult.ReplyProbe, ws.Channel.ReceiveProbe(Text("2probe")));

        // docs/protocol.md#upgrade: a noop releases the paused poll every 100 ms until the upgrade packet.
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, polling.Released);
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(2, polling.Released);

        session.Send(EnginePacket.FromText(EnginePacketType.Message, "buffered"));
        Assert.Equal(ProbeResult.Upgraded, ws.Channel.ReceiveProbe(Text("5")));
        Assert.Same(ws, session.Transport);
        Assert.True(session.IsUpgraded);
        Assert.True(polling.Closed);
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(2, polling.Released);

        ws.StartReading();
        Assert.Equal("4buffered", await ws.NextTextAsync());
    }

    [Fact]
    public async Task A_close_during_the_upgrade_delivers_what_was_queued_on_the_transport_the_client_moves_to()
    {
        // The client has paused polling and sent '5' on the probe when the server closes the session (a
        // disconnect right after connecting): the queued packets and the close must reach it on the probe, as
        // Node's engine.io waits for its write buffer to drain before it closes the transports.
        var (engine, time, session, polling) = OpenPolling(reads: false);
        Assert.True(polling.Channel.TryRead(out _));
        var ws = new TestTransport("websocket", reads: false);
        Assert.True(BeginUpgrade(engine, session, ws));
        Assert.Equal(ProbeResult.ReplyProbe, ws.Channel.ReceiveProbe(Text("2probe")));

        session.Send(EnginePacket.FromText(EnginePacketType.Message, "41"));
        session.Close();
        Assert.False(ws.Closed);

        Assert.Equal(ProbeResult.Upgraded, ws.Channel.ReceiveProbe(Text("5")));
        ws.StartReading();
        Assert.Equal("441", await ws.NextTextAsync());
        Assert.Equal("1", await ws.NextTextAsync());
        Assert.True(polling.Closed);
    }

    [Fact]
    public void A_close_during_an_upgrade_that_never_finishes_closes_the_probe_when_the_flush_time_is_up()
    {
        var (engine, time, session, polling) = OpenPolling(reads: false);
        Assert.True(polling.Channel.TryRead(out _));
        var ws = new TestTransport("websocket", reads: false);
        Assert.True(BeginUpgrade(engine, session, ws));
        Assert.Equal(ProbeResult.ReplyProbe, ws.Channel.ReceiveProbe(Text("2probe")));

        session.Close();
        time.Advance(new EngineOptions().CloseFlushTimeout);

        Assert.True(ws.Closed);
        Assert.True(polling.Closed);
    }

    [Fact]
    public async Task Upgrade_that_does_not_finish_in_time_drops_the_probe()
    {
        var (engine, time, session, polling) = OpenPolling();
        await polling.NextTextAsync();
        var ws = new TestTransport("websocket", reads: false);

        Assert.True(BeginUpgrade(engine, session, ws));
        ws.Channel.ReceiveProbe(Text("2probe"));
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(ws.Closed);
        Assert.False(session.IsUpgrading);
        Assert.Same(polling, session.Transport);
        Assert.False(session.IsClosed);
    }

    [Fact]
    public async Task Packet_other_than_probe_rejects_the_upgrade()
    {
        var (engine, _, session, polling) = OpenPolling();
        await polling.NextTextAsync();
        var ws = new TestTransport("websocket", reads: false);
        Assert.True(BeginUpgrade(engine, session, ws));

        Assert.Equal(ProbeResult.Reject, ws.Channel.ReceiveProbe(Text("4hello")));

        Assert.True(ws.Closed);
        Assert.Same(polling, session.Transport);
    }

    [Fact]
    public async Task Second_upgrade_is_refused()
    {
        var (engine, _, session, polling) = OpenPolling();
        await polling.NextTextAsync();
        var ws = new TestTransport("websocket", reads: false);
        Assert.True(BeginUpgrade(engine, session, ws));
        Assert.False(BeginUpgrade(engine, session, new TestTransport("websocket", reads: false)));
        ws.Channel.ReceiveProbe(Text("2probe"));
        ws.Channel.ReceiveProbe(Text("5"));

        Assert.False(BeginUpgrade(engine, session, new TestTransport("websocket", reads: false)));
    }

    [Fact]
    public void Websocket_session_cannot_upgrade()
    {
        var engine = new EngineServer(new EngineOptions(), new FakeTimeProvider());
        var ws = new TestTransport("websocket");
        var session = engine.Open(ws, new HandshakeRequest()).Session;
        Assert.False(BeginUpgrade(engine, session, new TestTransport("websocket")));
    }
}
