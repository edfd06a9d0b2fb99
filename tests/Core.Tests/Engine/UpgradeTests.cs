using Microsoft.Extensions.Time.Testing;
using SocketIO.Engine;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Engine;

public class UpgradeTests
{
    private static EnginePacket Text(string frame) => EnginePacket.FromTextFrame(System.Text.Encoding.UTF8.GetBytes(frame));

    private static (EngineServer, FakeTimeProvider, EngineSession, TestTransport) OpenPolling()
    {
        var time = new FakeTimeProvider();
        var engine = new EngineServer(new EngineOptions(), time);
        var polling = new TestTransport("polling");
        var session = engine.Open(polling, new HandshakeRequest());
        polling.Attach(session);
        return (engine, time, session, polling);
    }

    [Fact]
    public async Task Probe_noop_and_upgrade_move_the_session_to_the_new_transport()
    {
        var (_, time, session, polling) = OpenPolling();
        await polling.NextTextAsync();
        var ws = new TestTransport("websocket", reads: false);
        ws.Attach(session);

        Assert.True(session.TryBeginUpgrade(ws));
        Assert.True(session.IsUpgrading);
        Assert.Equal(ProbeResult.ReplyProbe, session.ReceiveProbe(ws, Text("2probe")));

        // docs/protocol.md#upgrade: a noop releases the paused poll every 100 ms until the upgrade packet.
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, polling.Released);
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(2, polling.Released);

        session.Send(EnginePacket.FromText(EnginePacketType.Message, "buffered"));
        Assert.Equal(ProbeResult.Upgraded, session.ReceiveProbe(ws, Text("5")));
        Assert.Same(ws, session.Transport);
        Assert.True(session.IsUpgraded);
        Assert.True(polling.Closed);
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(2, polling.Released);

        ws.StartReading();
        Assert.Equal("4buffered", await ws.NextTextAsync());
    }

    [Fact]
    public async Task Upgrade_that_does_not_finish_in_time_drops_the_probe()
    {
        var (_, time, session, polling) = OpenPolling();
        await polling.NextTextAsync();
        var ws = new TestTransport("websocket", reads: false);

        Assert.True(session.TryBeginUpgrade(ws));
        session.ReceiveProbe(ws, Text("2probe"));
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(ws.Closed);
        Assert.False(session.IsUpgrading);
        Assert.Same(polling, session.Transport);
        Assert.False(session.IsClosed);
    }

    [Fact]
    public async Task Packet_other_than_probe_rejects_the_upgrade()
    {
        var (_, _, session, polling) = OpenPolling();
        await polling.NextTextAsync();
        var ws = new TestTransport("websocket", reads: false);
        Assert.True(session.TryBeginUpgrade(ws));

        Assert.Equal(ProbeResult.Reject, session.ReceiveProbe(ws, Text("4hello")));

        Assert.True(ws.Closed);
        Assert.Same(polling, session.Transport);
    }

    [Fact]
    public async Task Second_upgrade_is_refused()
    {
        var (_, _, session, polling) = OpenPolling();
        await polling.NextTextAsync();
        var ws = new TestTransport("websocket", reads: false);
        Assert.True(session.TryBeginUpgrade(ws));
        Assert.False(session.TryBeginUpgrade(new TestTransport("websocket", reads: false)));
        session.ReceiveProbe(ws, Text("2probe"));
        session.ReceiveProbe(ws, Text("5"));

        Assert.False(session.TryBeginUpgrade(new TestTransport("websocket", reads: false)));
    }

    [Fact]
    public void Websocket_session_cannot_upgrade()
    {
        var engine = new EngineServer(new EngineOptions(), new FakeTimeProvider());
        var ws = new TestTransport("websocket");
        var session = engine.Open(ws, new HandshakeRequest());
        Assert.False(session.TryBeginUpgrade(new TestTransport("websocket")));
    }
}
