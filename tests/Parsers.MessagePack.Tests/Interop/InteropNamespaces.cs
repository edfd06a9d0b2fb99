namespace SocketIO.Parsers.MessagePack.Tests.Interop;

/// <summary>The handlers js/client.js talks to; written as for the default parser, they run unchanged.</summary>
internal static class InteropNamespaces
{
    private sealed record Upload(string Name, byte[] Content, DateTimeOffset At);

    public static void Configure(SocketIOServer io)
    {
        io.OnConnection(socket =>
        {
            socket.Emit("auth", socket.Handshake.Auth);
            socket.On("message", (SocketEvent e) => socket.Emit("message-back", e.Args));
            socket.On("message-with-ack", (SocketEvent e) => e.Ack(e.Args));
            socket.On("ask-client", async (SocketEvent e) =>
            {
                var reply = await socket.Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync("question", e.Args);
                socket.Emit("answer", reply);
            });
            socket.On("upload", (Upload upload) => new { name = upload.Name.ToUpperInvariant(), size = upload.Content.Length, year = upload.At.Year, head = upload.Content[..2] });
            socket.On("join", (string room, Ack ack) =>
            {
                socket.Join(room);
                ack();
            });
            // A server-level broadcast, sender included.
            socket.On("shout", (string room, SocketArgs args) => io.To(room).Emit("shouted", args.GetRaw(1)));
            AddWhoAmI(socket, io);
        });
        io.Of("/orders").OnConnection(socket => AddWhoAmI(socket, io));
        io.Of("/users").OnConnection(socket => AddWhoAmI(socket, io));
        io.Of("/secure").Use(_ => ValueTask.FromException(new ConnectErrorException("not authorized", new { code = 401, reason = "missing token" })));
    }

    private static void AddWhoAmI(Socket socket, SocketIOServer io) =>
        socket.On("whoami", (Ack ack) => ack(new { transport = socket.Transport, connectionId = socket.ConnectionId, nsp = socket.Namespace.Name }));
}
