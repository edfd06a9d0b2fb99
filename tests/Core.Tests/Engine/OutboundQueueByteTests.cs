using Microsoft.Extensions.Time.Testing;
using SocketIO.Engine;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Engine;

/// <summary>The outbound queue's byte budget (EngineOptions.MaxBufferedBytes), next to its packet limit.</summary>
public class OutboundQueueByteTests
{
    private static EnginePacket Message(int bytes) => EnginePacket.FromText(EnginePacketType.Message, new string('x', bytes - 1));

    private static (EngineSession Session, TestTransport Transport) OpenStalled(int maxBytes)
    {
        var engine = new EngineServer(new EngineOptions { MaxBufferedBytes = maxBytes }, new FakeTimeProvider());
        var transport = new TestTransport("websocket", reads: false);
        var channel = engine.Open(transport, new HandshakeRequest());
        transport.Attach(channel);
        return (channel.Session, transport);
    }

    [Fact]
    public void Buffered_bytes_count_every_queued_frame_and_drop_as_they_are_taken()
    {
        var queue = new OutboundQueue(100, 10_000);
        Assert.True(queue.TryEnqueue(Message(100)));
        Assert.True(queue.TryEnqueue([Message(10), EnginePacket.FromBinary(new byte[30])]));
        queue.EnqueueControl(EnginePacket.PingPacket);
        Assert.Equal(141, queue.Bytes);

        while (queue.TryDequeue(out _))
        {
        }

        Assert.Equal(0, queue.Bytes);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Volatile_packet_is_dropped_once_the_byte_budget_is_reached_and_the_session_stays()
    {
        var (session, _) = OpenStalled(maxBytes: 1000);
        var openBytes = session.BufferedBytes;
        while (session.BufferedBytes < 1000)
            Assert.True(session.Send(Message(100), isVolatile: true));

        Assert.False(session.Send(Message(100), isVolatile: true));

        Assert.False(session.IsClosed);
        Assert.InRange(session.BufferedBytes, 1000, 1000 + 100);
        Assert.True(openBytes > 0, "the open packet counts too");
    }

    [Fact]
    public void Packet_over_the_byte_budget_closes_the_session_with_send_buffer_full()
    {
        var (session, transport) = OpenStalled(maxBytes: 1000);
        string? reason = null;
        session.Closed += (_, r) => reason = r;
        var sent = 0;
        while (session.Send(Message(100)))
            sent++;

        Assert.Equal(CloseReason.SendBufferFull, reason);
        Assert.True(transport.Closed);
        Assert.InRange(sent, 8, 10);
        Assert.InRange(session.BufferedBytes, 1000, 1000 + 100);
    }

    [Fact]
    public void One_packet_larger_than_the_whole_budget_goes_out_on_an_idle_session()
    {
        var queue = new OutboundQueue(100, 1000);

        Assert.True(queue.TryEnqueue(Message(5000)));
        Assert.False(queue.TryEnqueue(Message(10)));
        Assert.True(queue.TryDequeue(out _));
        Assert.True(queue.TryEnqueue(Message(10)));
    }

    [Fact]
    public void A_shared_frame_counts_against_each_session_that_holds_it()
    {
        var engine = new EngineServer(new EngineOptions { MaxBufferedBytes = 10_000 }, new FakeTimeProvider());
        var sessions = Enumerable.Range(0, 3).Select(_ =>
        {
            var transport = new TestTransport("websocket", reads: false);
            var channel = engine.Open(transport, new HandshakeRequest());
            transport.Attach(channel);
            return channel.Session;
        }).ToList();
        var before = sessions.Select(s => s.BufferedBytes).ToList();
        var shared = Message(3000);

        foreach (var session in sessions)
            Assert.True(session.Send(shared));

        Assert.All(sessions.Select((s, i) => s.BufferedBytes - before[i]), delta => Assert.Equal(3000, delta));
    }

    [Fact]
    public void Byte_budget_must_be_positive()
    {
        Assert.Contains(nameof(EngineOptions.MaxBufferedBytes), new EngineOptions { MaxBufferedBytes = 0 }.Validate());
    }

    [Fact]
    public void Peek_shows_the_next_packet_without_taking_it()
    {
        var queue = new OutboundQueue(100);
        var group = new[] { Message(5), EnginePacket.FromBinary(new byte[] { 1 }) };
        queue.TryEnqueue(group);

        Assert.True(queue.TryPeek(out var first));
        Assert.Same(group[0], first);
        Assert.True(queue.TryDequeue(out var taken));
        Assert.Same(group[0], taken);
        Assert.True(queue.TryPeek(out var second));
        Assert.Same(group[1], second);
        Assert.True(queue.TryDequeue(out _));
        Assert.False(queue.TryPeek(out _));
    }
}
