using Microsoft.Extensions.Time.Testing;
using SocketIO.Engine;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Engine;

/// <summary>Only a pong that answers a ping the transport has taken counts (EIO4 heartbeat).</summary>
public class HeartbeatPongTests
{
    private static (EngineSession Session, TestTransport Transport, FakeTimeProvider Time) Open(bool reads)
    {
        var time = new FakeTimeProvider();
        var engine = new EngineServer(new EngineOptions(), time);
        var transport = new TestTransport("websocket", reads);
        var channel = engine.Open(transport, new HandshakeRequest());
        transport.Attach(channel);
        return (channel.Session, transport, time);
    }

    [Fact]
    public async Task Unsolicited_pongs_do_not_delay_the_next_ping()
    {
        var (session, transport, time) = Open(reads: true);
        await transport.NextTextAsync(); // open

        for (var i = 0; i < 24; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            transport.SendText("3");
        }
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("2", await transport.NextTextAsync());
        Assert.False(session.IsClosed);
    }

    [Fact]
    public void Pongs_from_a_client_that_never_reads_its_ping_do_not_keep_the_session_alive()
    {
        var (session, transport, time) = Open(reads: false);
        string? reason = null;
        session.Closed += (_, r) => reason = r;

        // The ping is queued but never taken: no pong can answer it.
        for (var i = 0; i < 45; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            transport.SendText("3");
        }

        Assert.Equal(CloseReason.PingTimeout, reason);
    }

    [Fact]
    public async Task Pong_after_the_ping_was_taken_answers_it()
    {
        var (session, transport, time) = Open(reads: true);
        await transport.NextTextAsync();
        time.Advance(TimeSpan.FromSeconds(25));
        Assert.Equal("2", await transport.NextTextAsync());

        transport.SendText("3");
        time.Advance(TimeSpan.FromSeconds(24));

        Assert.False(session.IsClosed);
        Assert.True(transport.TryPeekNothing(out _));
    }
}
