using System.Text.Json;
using SocketIO.Engine;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Server;

/// <summary>
/// Connection state recovery while events are stored from another thread at the moment the connection drops: the
/// events sent to the dying connection and those stored while the socket closes are all sent again, once each.
/// </summary>
public class RecoveryRaceTests
{
    private static string WithoutOffset(string frame)
    {
        using var doc = JsonDocument.Parse(frame[frame.IndexOf('[')..]);
        var items = doc.RootElement.EnumerateArray().Select(e => e.GetRawText()).ToList();
        return "[" + string.Join(",", items.Take(items.Count - 1)) + "]";
    }

    private static string OffsetOf(string frame)
    {
        using var doc = JsonDocument.Parse(frame[frame.IndexOf('[')..]);
        return doc.RootElement[doc.RootElement.GetArrayLength() - 1].GetString()!;
    }

    private static int Number(string frame) => int.Parse(WithoutOffset(frame)["[\"n\",".Length..^1]);

    [Theory]
    [InlineData(5)]
    [InlineData(50)]
    [InlineData(500)]
    public async Task A_client_that_drops_during_a_stream_of_broadcasts_gets_every_event_once_and_in_order(int readBeforeDrop)
    {
        var io = ServerFactory.Create(o => o.ConnectionStateRecovery = new ConnectionStateRecoveryOptions());
        var client = await TestClient.OpenAsync(io);
        client.Send("40");
        var reply = await client.NextAsync();
        using var connected = JsonDocument.Parse(reply[2..]);
        var pid = connected.RootElement.GetProperty("pid").GetString()!;
        const int count = 5000;
        // Paced in bursts, so that the client's bounded send queue keeps up and the drop falls in the middle.
        var emitting = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                io.Emit("n", i);
                if (i % 20 == 19)
                    await Task.Delay(1);
            }
        });
        var received = new List<int>();
        string frame;
        do
        {
            frame = await client.NextAsync();
            received.Add(Number(frame));
        }
        while (received.Count < readBeforeDrop);

        client.Transport.Channel.OnTransportClosed(CloseReason.TransportClose);
        var sid = connected.RootElement.GetProperty("sid").GetString()!;
        await Poll.UntilAsync(() => !io.Sockets.Sockets.ContainsKey(sid), TestTransport.Wait, "the socket is gone");
        var back = await TestClient.OpenAsync(io);
        back.Send("40" + JsonSerializer.Serialize(new { pid, offset = OffsetOf(frame) }));
        await emitting.WaitAsync(TestTransport.Wait);
        io.Emit("marker");
        while (true)
        {
            frame = await back.NextAsync();
            if (frame.StartsWith("40", StringComparison.Ordinal))
            {
                Assert.Contains(sid, frame);
                continue;
            }
            if (frame.StartsWith("42[\"marker\"", StringComparison.Ordinal))
                break;
            received.Add(Number(frame));
        }

        var at = Enumerable.Range(0, Math.Min(count, received.Count)).FirstOrDefault(i => received[i] != i, -1);
        Assert.True(Enumerable.Range(0, count).SequenceEqual(received),
            $"{received.Count} events; the first out of place at {at}: {string.Join(",", received.Skip(Math.Max(0, at - 3)).Take(10))}");
    }
}
