using System.Net;
using SocketIO.Engine;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.Hardening;

/// <summary>
/// Clients that send pongs nobody asked for and never read: only a pong that answers a ping the server
/// wrote counts, so they are closed with "ping timeout" (here 300 ms + 1 s).
/// </summary>
[Collection(HardeningCollection.Name)]
public class HeartbeatTests(HardeningServer server)
{
    // How often the hostile client sends an unprompted pong: several times per ping interval.
    private static readonly TimeSpan PongPace = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task WebSocket_client_sending_unprompted_pongs_without_reading_is_closed_with_ping_timeout()
    {
        await using var socket = await FrameSocket.OpenAsync(server.BaseUri, HardeningServer.HeartbeatPath + "?EIO=4&transport=websocket");
        var session = server.Sessions[socket.Sid];
        // Broadcasts keep the queue well filled: once the socket buffers are full the server's writer is
        // stuck, and its pings stay queued behind them, never written.
        var filler = EnginePacket.FromText(EnginePacketType.Message, new string('f', 60_000));
        var deadline = DateTime.UtcNow + Wait.Timeout;
        using var pace = new PeriodicTimer(PongPace);
        while (!session.IsClosed && await pace.WaitForNextTickAsync().AsTask().WaitAsync(Wait.Timeout))
        {
            Assert.True(DateTime.UtcNow < deadline, "the client is still connected");
            while (session.BufferedBytes < 2 * 1024 * 1024 && session.Send(filler, isVolatile: true))
            {
            }
            await socket.SendTextAsync("3");
        }

        Assert.Equal(CloseReason.PingTimeout, await server.ClosedAsync(socket.Sid));
    }

    [Fact]
    public async Task Polling_client_posting_unprompted_pongs_without_polling_is_closed_with_ping_timeout()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http, HardeningServer.HeartbeatPath);
        var session = server.Sessions[client.Sid];

        var deadline = DateTime.UtcNow + Wait.Timeout;
        using var pace = new PeriodicTimer(PongPace);
        while (!session.IsClosed && await pace.WaitForNextTickAsync().AsTask().WaitAsync(Wait.Timeout))
        {
            Assert.True(DateTime.UtcNow < deadline, "the client is still connected");
            using var response = await client.PostResponseAsync("3");
            if (response.StatusCode != HttpStatusCode.OK)
                break;
        }

        Assert.Equal(CloseReason.PingTimeout, await server.ClosedAsync(client.Sid));
    }

    [Fact]
    public async Task Client_that_answers_its_pings_stays_connected()
    {
        await using var socket = await FrameSocket.OpenAsync(server.BaseUri, HardeningServer.HeartbeatPath + "?EIO=4&transport=websocket");
        var session = server.Sessions[socket.Sid];

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("2", await socket.ReceiveTextAsync());
            await socket.SendTextAsync("3");
        }

        Assert.False(session.IsClosed);
        session.Close();
    }
}
