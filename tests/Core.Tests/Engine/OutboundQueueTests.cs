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
        var channel = engine.Open(transport, new HandshakeRequest());
        transport.Attach(channel);
        var session = channel.Session;
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

public class OutboundQueueWaitTests
{
    private static EnginePacket Message(string text) => EnginePacket.FromText(EnginePacketType.Message, text);

    [Fact]
    public async Task Parked_reader_wakes_on_enqueue_again_and_again()
    {
        var queue = new OutboundQueue(100);
        for (var i = 0; i < 100; i++)
        {
            var wait = queue.WaitToReadAsync(CancellationToken.None);
            Assert.False(wait.IsCompleted);
            var text = "m" + i;
            _ = Task.Run(() => queue.TryEnqueue(Message(text)));
            Assert.True(await wait.AsTask().WaitAsync(TestTransport.Wait));
            Assert.True(queue.TryDequeue(out var packet));
            Assert.Equal("4" + text, packet.ToString());
        }
    }

    [Fact]
    public async Task Wait_can_be_cancelled_and_the_queue_is_usable_afterwards()
    {
        var queue = new OutboundQueue(10);
        using var cts = new CancellationTokenSource();
        var wait = queue.WaitToReadAsync(cts.Token).AsTask();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TestTransport.Wait));

        var next = queue.WaitToReadAsync(CancellationToken.None).AsTask();
        queue.TryEnqueue(Message("x"));
        Assert.True(await next.WaitAsync(TestTransport.Wait));
    }

    [Fact]
    public async Task Completed_queue_drains_then_reports_the_end()
    {
        var queue = new OutboundQueue(10);
        var wait = queue.WaitToReadAsync(CancellationToken.None).AsTask();
        queue.EnqueueControl(Message("last"));
        queue.Complete();
        Assert.True(await wait.WaitAsync(TestTransport.Wait));
        Assert.True(queue.TryDequeue(out _));
        Assert.False(await queue.WaitToReadAsync(CancellationToken.None).AsTask().WaitAsync(TestTransport.Wait));
        Assert.False(queue.TryEnqueue(Message("late")));
    }

    [Fact]
    public async Task Writers_racing_a_reader_lose_nothing_and_keep_each_writer_s_order()
    {
        const int Writers = 4, PerWriter = 2_000;
        var queue = new OutboundQueue(Writers * PerWriter);
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < PerWriter; i++)
                Assert.True(queue.TryEnqueue(Message($"{w}:{i}")));
        })).ToArray();
        var next = new int[Writers];
        var taken = 0;
        // The reader drains while the writers fill, so the ring grows, wraps and empties many times.
        var all = Task.WhenAll(writers);
        while (taken < Writers * PerWriter)
        {
            if (!queue.TryDequeue(out var packet))
            {
                Assert.False(all.IsFaulted, "a writer failed");
                Assert.True(await queue.WaitToReadAsync(CancellationToken.None).AsTask().WaitAsync(TestTransport.Wait));
                continue;
            }
            var parts = packet.ToString()[1..].Split(':');
            var writer = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(next[writer]++, int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
            taken++;
        }
        await all.WaitAsync(TestTransport.Wait);
        Assert.False(queue.HasItems);
        Assert.Equal(0, queue.Count);
        Assert.Equal(0, queue.Bytes);
    }

    [Fact]
    public void Peek_shows_the_next_item_across_growth_and_wrap_around()
    {
        var queue = new OutboundQueue(100);
        for (var round = 0; round < 3; round++)
        {
            // 3 in, 2 out leaves the head moving; 40 in forces several growths from a wrapped ring.
            for (var i = 0; i < 3; i++)
                queue.TryEnqueue(Message($"a{round}{i}"));
            for (var i = 0; i < 2; i++)
                Assert.True(queue.TryDequeue(out _));
            for (var i = 0; i < 40; i++)
                queue.TryEnqueue(Message($"b{round}{i}"));
            Assert.True(queue.TryPeek(out var first));
            Assert.Equal($"4a{round}2", first.ToString());
            Assert.True(queue.TryDequeue(out var taken));
            Assert.Same(first, taken);
            for (var i = 0; i < 40; i++)
            {
                Assert.True(queue.TryDequeue(out var packet));
                Assert.Equal($"4b{round}{i}", packet.ToString());
            }
            Assert.False(queue.TryPeek(out _));
            Assert.False(queue.HasItems);
        }
    }
}
