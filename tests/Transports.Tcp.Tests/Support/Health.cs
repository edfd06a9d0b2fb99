namespace SocketIO.Transports.Tcp.Tests.Support;

/// <summary>Proves the server still serves new TCP devices after a bad one was thrown out.</summary>
internal static class Health
{
    /// <summary>A fresh device opens, joins "/", gets its auth event and an ack, and leaves.</summary>
    public static async Task AssertServerHealthyAsync(TcpTestServer server)
    {
        var (client, _) = await RawTcpClient.OpenAsync(server.Tcp);
        await using (client)
        {
            await client.SendTextAsync("40");
            Assert.StartsWith("40{\"sid\":", await client.ReceiveTextAsync());
            Assert.Equal("42[\"auth\",{}]", await client.ReceiveTextAsync());
            await client.SendTextAsync("421[\"message-with-ack\",\"ping\"]");
            Assert.Equal("431[\"ping\"]", await client.ReceiveTextAsync());
            await client.SendTextAsync("1");
            await client.ExpectClosedAsync();
        }
    }
}
