using System.Net;

namespace SocketIO.Transports.WebSocket.Tests.Support;

/// <summary>Proves the server still serves new clients after a bad one was thrown out.</summary>
internal static class Health
{
    /// <summary>A fresh Socket.IO client over raw polling connects to "/", gets an event and an ack, and leaves.</summary>
    public static async Task AssertServerHealthyAsync(TestServer server)
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http, "/socket.io/");
        await client.PostAsync("40");
        await client.GetUntilAsync("42[\"auth\",{}]");
        await client.PostAsync("421[\"message-with-ack\",\"ping\"]");
        await client.GetUntilAsync("431[\"ping\"]");
        using var close = await client.PostResponseAsync("1");
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
    }
}
