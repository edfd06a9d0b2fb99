namespace SocketIO.ConformanceServer;

/// <summary>
/// "/" and "/custom" as the Socket.IO suite expects; any other namespace is refused with
/// "Invalid namespace" because none else exists.
/// </summary>
internal static class ConformanceNamespaces
{
    public static void Configure(SocketIOServer io)
    {
        io.OnConnection(socket =>
        {
            socket.Emit("auth", socket.Handshake.Auth);
            // A lone SocketArgs is spread: the same arguments go back, binary included.
            socket.On("message", (SocketEvent e) => socket.Emit("message-back", e.Args));
            socket.On("message-with-ack", (SocketEvent e) => e.Ack(e.Args));
        });
        io.Of("/custom").OnConnection(socket => socket.Emit("auth", socket.Handshake.Auth));
    }
}
