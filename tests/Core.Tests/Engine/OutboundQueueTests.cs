using Microsoft.Extensions.Time.Testing;
using SocketIO.Engine;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Engine;

public class OutboundQueueTests
{
    private static EnginePacket Message(string text) => EnginePacket.FromText(EnginePacketType.Message, text);

    private static (EngineSession Session, TestTransport Transport) OpenStalled(int max)
    {
        var engine = new EngineServer(new EngineOptions { MaxBufferedPackets = max }, new FakeTimeProvider());
        var transport = new TestTransport("websocket", reads: false);
        var session = engine.Open(transport, new HandshakeRequest());
        transport.Attach(session);
        return (session, transport);
    }

    [Fact]
    public void Volatile_packet_is_dropped_when_the_queue_is_full()
    {
        var (session, _) = OpenStalled(max: 3); // the open packet takes one slot
        Assert.True(session.Send(Message("a")));
        Assert.True(session.Send(Message("b")));

        Assert.False(session.Send(Message("c"), isVolatile: true));

        Assert.False(session.IsClosed);
        Assert.Equal(3, session.BufferedCount);
    }

    [Fact]
    public void Non_volatile_packet_on_a_full_queue_closes_the_session_with_a_clear_reason()
    {
        var (session, transport) = OpenStalled(max: 3);
        string? reason = null;
        session.Closed += (_, r) => reason = r;
        session.Send(Message("a"));
        session.Send(Message("b"));

        Assert.False(session.Send(Message("c")));

        Assert.Equal(CloseReason.SendBufferFull, reason);
        Assert.True(transport.Closed);
        Assert.False(session.Send(Message("d")));
        Assert.True(session.BufferedCount <= 3);
    }

    [Fact]
    public async Task Packet_groups_stay_together_and_in_order()
    {
        var (session, transport) = OpenStalled(max: 100);
        var group = new[] { Message("header"), EnginePacket.FromBinary(new byte[] { 1 }), EnginePacket.FromBinary(new byte[] { 2 }) };
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 5; i++)
                session.Send(group);
        })).ToArray();
        await Task.WhenAll(writers).WaitAsync(TestTransport.Wait);
        transport.StartReading();

        Assert.StartsWith("0{", await transport.NextTextAsync());
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("4header", await transport.NextTextAsync());
            Assert.Equal([1], (await transport.NextAsync()).Payload.ToArray());
            Assert.Equal([2], (await transport.NextAsync()).Payload.ToArray());
        }
    }

    [Fact]
    public void Group_larger_than_the_free_space_is_not_partially_queued()
    {
        var (session, _) = OpenStalled(max: 3);
        var group = new[] { Message("h"), EnginePacket.FromBinary(new byte[] { 1 }), EnginePacket.FromBinary(new byte[] { 2 }) };

        Assert.False(session.Send(group, isVolatile: true));
        Assert.Equal(1, session.BufferedCount);
    }
}
