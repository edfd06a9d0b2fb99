using System.Net;
using SocketIO.Engine;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.Hardening;

/// <summary>
/// Clients that never read what the server sends: their outbound queue is bounded by bytes
/// (EngineOptions.MaxBufferedBytes), read from the server's own counter, and they are closed with
/// "send buffer full" while the clients that do read are unaffected.
/// </summary>
[Collection(HardeningCollection.Name)]
public class SendBufferTests(HardeningServer server)
{
    private const int BroadcastSize = 64 * 1024;
    private const string SocketIOPath = "/socket.io/?EIO=4&transport=websocket";

    /// <summary>A raw WebSocket joined to "/" that reads nothing from now on.</summary>
    private async Task<FrameSocket> ConnectAsync()
    {
        var socket = await FrameSocket.OpenAsync(server.BaseUri, SocketIOPath);
        await socket.SendTextAsync("40");
        Assert.StartsWith("40{", await socket.ReceiveTextAsync());
        return socket;
    }

    /// <summary>Reads every frame until the connection ends, counting each one in <paramref name="received"/>.</summary>
    private static async Task DrainAsync(FrameSocket socket, SemaphoreSlim received)
    {
        try
        {
            while ((await socket.ReceiveFrameAsync()).Opcode != ClientFrame.Close)
                received.Release();
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or EndOfStreamException)
        {
        }
    }

    [Fact]
    public async Task Slow_reader_of_large_broadcasts_is_closed_with_send_buffer_full_within_the_byte_budget()
    {
        await using var reader = await ConnectAsync();
        using var received = new SemaphoreSlim(0);
        var draining = DrainAsync(reader, received);
        await using var stalled = await ConnectAsync();
        var session = server.Sessions[stalled.Sid];
        var payload = new string('x', BroadcastSize);
        long most = 0;

        var deadline = DateTime.UtcNow + Wait.Timeout;
        while (!session.IsClosed)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the stalled client was not closed; {session.BufferedBytes} bytes queued");
            server.Io.Emit("news", payload);
            most = Math.Max(most, session.BufferedBytes);
            // The other client reads each broadcast before the next one: a reader that keeps up.
            Assert.True(await received.WaitAsync(Wait.Timeout), "the reading client got the broadcast");
        }

        Assert.Equal(CloseReason.SendBufferFull, await server.ClosedAsync(stalled.Sid));
        Assert.InRange(most, HardeningServer.SendBudget - 2 * BroadcastSize, HardeningServer.SendBudget + BroadcastSize + 64);
        Assert.True(server.Sessions.ContainsKey(reader.Sid), "the client that reads stays connected");
        Assert.Contains(server.Logs.Lines, l => l.Contains(stalled.Sid) && l.Contains("outbound queue is full"));
        server.Sessions[reader.Sid].Close();
        await draining.WaitAsync(Wait.Timeout);
    }

    [Fact]
    public async Task Slow_reader_of_volatile_broadcasts_keeps_its_connection_and_its_budget()
    {
        await using var stalled = await ConnectAsync();
        var session = server.Sessions[stalled.Sid];
        var payload = new string('v', BroadcastSize);
        long most = 0;

        // Until the socket buffers are full and the queue holds its budget, then a hundred more.
        var deadline = DateTime.UtcNow + Wait.Timeout;
        while (session.BufferedBytes < HardeningServer.SendBudget - BroadcastSize)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the queue never filled; {session.BufferedBytes} bytes queued");
            server.Io.Volatile.Emit("tick", payload);
        }
        for (var i = 0; i < 100; i++)
        {
            server.Io.Volatile.Emit("tick", payload);
            most = Math.Max(most, session.BufferedBytes);
        }

        Assert.False(session.IsClosed);
        Assert.InRange(most, HardeningServer.SendBudget - BroadcastSize, HardeningServer.SendBudget + BroadcastSize + 64);
        session.Close();
    }

    [Fact]
    public async Task Polling_client_that_posts_without_ever_getting_is_closed_within_the_byte_budget()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http, HardeningServer.EchoPath);
        var session = server.Sessions[client.Sid];
        var message = "4" + new string('p', 60_000);
        long most = 0;

        for (var i = 0; i < 100 && !session.IsClosed; i++)
        {
            using var response = await client.PostResponseAsync(message);
            most = Math.Max(most, session.BufferedBytes);
            if (response.StatusCode != HttpStatusCode.OK)
                break;
        }

        Assert.Equal(CloseReason.SendBufferFull, await server.ClosedAsync(client.Sid));
        Assert.InRange(most, HardeningServer.SendBudget - 2 * message.Length, HardeningServer.SendBudget + message.Length);
    }
}
