using System.Net.Sockets;
using System.Text;
using SocketIO.Transports.WebSocket.Internal;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.Hardening;

/// <summary>
/// Clients that claim a large frame or body and send only a few bytes of it: the server holds memory
/// for the bytes that arrived, never for the length claimed (read from the transports' own counters).
/// </summary>
[Collection(HardeningCollection.Name)]
public class ClaimedLengthTests(HardeningServer server)
{
    private const int Connections = 100;
    private const int Claimed = 999_000;
    private const string WebSocketPath = HardeningServer.DefaultsPath + "?EIO=4&transport=websocket";

    /// <summary>A masked text frame header claiming <see cref="Claimed"/> bytes, then 10 of them: 24 bytes in all.</summary>
    private static byte[] ClaimWithTenBytes()
    {
        var payload = Encoding.ASCII.GetBytes("4" + new string('c', Claimed - 1));
        var frame = ClientFrame.Build(ClientFrame.Text, payload);
        return frame[..24];
    }

    [Fact]
    public async Task WebSocket_frame_header_claiming_999000_bytes_costs_only_what_arrived()
    {
        var sockets = new List<FrameSocket>();
        try
        {
            for (var i = 0; i < Connections; i++)
            {
                var socket = await FrameSocket.OpenAsync(server.BaseUri, WebSocketPath);
                sockets.Add(socket);
                await socket.SendAsync(ClaimWithTenBytes());
            }
            var transports = sockets.Select(s => (WebSocketTransport)server.Sessions[s.Sid].Transport).ToList();
            await Wait.UntilAsync(() => transports.All(t => t.ReceiveBufferCapacity > 0), "every partial frame is held");

            Assert.All(transports, t => Assert.InRange(t.ReceiveBufferCapacity, 10, 1024));

            // The frame may still be completed, and is then delivered whole.
            var full = ClientFrame.Build(ClientFrame.Text, Encoding.ASCII.GetBytes("4" + new string('c', Claimed - 1)));
            await sockets[0].SendAsync(full[24..]);
            var echo = await sockets[0].ReceiveTextAsync();
            Assert.Equal(Claimed, echo.Length);
            Assert.Equal(0, transports[0].ReceiveBufferCapacity);
        }
        finally
        {
            foreach (var socket in sockets)
                await socket.DisposeAsync();
        }
    }

    [Fact]
    public async Task Polling_post_claiming_999000_bytes_costs_only_what_arrived()
    {
        using var http = server.CreateClient();
        var clients = new List<TcpClient>();
        try
        {
            var transports = new List<PollingTransport>();
            for (var i = 0; i < Connections; i++)
            {
                var (polling, _) = await PollingClient.HandshakeAsync(http, HardeningServer.DefaultsPath);
                var tcp = new TcpClient { NoDelay = true };
                clients.Add(tcp);
                await tcp.ConnectAsync(server.BaseUri.Host, server.BaseUri.Port).WaitAsync(Wait.Timeout);
                var head = $"POST {polling.Url} HTTP/1.1\r\nHost: {server.BaseUri.Authority}\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: {Claimed}\r\n\r\n";
                await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes(head + "4" + new string('c', 23))).AsTask().WaitAsync(Wait.Timeout);
                transports.Add((PollingTransport)server.Sessions[polling.Sid].Transport);
            }
            await Wait.UntilAsync(() => transports.All(t => t.HasPostInFlight && t.PostBufferCapacity > 0), "every POST body is being read");

            Assert.All(transports, t => Assert.InRange(t.PostBufferCapacity, 24, 8192));
        }
        finally
        {
            foreach (var tcp in clients)
                tcp.Dispose();
        }
    }
}
