namespace SocketIO.Tests.Support;

internal static class ConnectedClients
{
    /// <summary>Opens <paramref name="n"/> clients connected to "/" and returns them with their server-side sockets, in the same order.</summary>
    public static async Task<(Socket[] Sockets, TestClient[] Clients)> OpenAsync(SocketIOServer io, int n)
    {
        var sockets = new List<Socket>();
        io.OnConnection(s =>
        {
            lock (sockets)
                sockets.Add(s);
        });
        var clients = new TestClient[n];
        for (var i = 0; i < n; i++)
        {
            clients[i] = await TestClient.OpenAsync(io);
            await clients[i].ConnectAsync();
        }
        lock (sockets)
            return ([.. sockets], clients);
    }
}
