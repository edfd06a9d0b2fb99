using System.Net;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.Hardening;

/// <summary>
/// A polling client that lets packets pile up before it polls: each GET answers at most maxPayload bytes
/// (what engine.io-client sends itself), and the rest waits for the next GET.
/// </summary>
[Collection(HardeningCollection.Name)]
public class PollingResponseTests(HardeningServer server)
{
    [Fact]
    public async Task Each_poll_carries_at_most_max_payload_and_the_rest_follows_in_order()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http, HardeningServer.EchoPath);
        var session = server.Sessions[client.Sid];
        var sent = Enumerable.Range(0, 12).Select(i => $"4{i:D2}" + new string('m', 30_000)).ToList();
        foreach (var message in sent)
            await client.PostAsync(message);
        Assert.Equal(sent.Sum(m => m.Length), session.BufferedBytes);

        var received = new List<string>();
        var sizes = new List<long>();
        while (received.Count < sent.Count)
        {
            using var response = await client.GetResponseAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync().WaitAsync(Wait.Timeout);
            sizes.Add(response.Content.Headers.ContentLength!.Value);
            received.AddRange(body.Split('\x1e'));
        }

        Assert.All(sizes, size => Assert.InRange(size, 1, HardeningServer.EchoMaxPayload));
        Assert.Equal(4, sizes.Count);
        Assert.Equal(sent, received);
        Assert.Equal(0, session.BufferedBytes);
    }

    [Fact]
    public async Task A_packet_larger_than_max_payload_goes_alone_in_one_poll()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http, HardeningServer.EchoPath);
        var session = server.Sessions[client.Sid];
        var big = "4" + new string('b', HardeningServer.EchoMaxPayload - 1);
        session.Send(SocketIO.Engine.EnginePacket.FromText(SocketIO.Engine.EnginePacketType.Message, "small"));
        session.Send(SocketIO.Engine.EnginePacket.FromText(SocketIO.Engine.EnginePacketType.Message, big[1..] + "++"));
        session.Send(SocketIO.Engine.EnginePacket.FromText(SocketIO.Engine.EnginePacketType.Message, "after"));

        Assert.Equal("4small", await client.GetAsync());
        Assert.Equal(big + "++", await client.GetAsync());
        Assert.Equal("4after", await client.GetAsync());
    }
}
