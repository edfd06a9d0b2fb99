namespace SocketIO.Transports.Tcp.Tests.Support;

/// <summary>The Socket.IO handlers the TCP tests talk to.</summary>
internal static class TestNamespaces
{
    public static void Configure(SocketIOServer io, TcpTestServer host)
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
            socket.On("join-room", (string room, Ack ack) =>
            {
                socket.Join(room);
                ack();
            });
            // A server-level broadcast started from a handler on the sender's receive loop.
            socket.On("shout", (SocketEvent e) => io.To(e.Args.Get<string>(0)!).Emit("heard", e.Args));
            socket.On("telemetry", (SocketEvent e) =>
            {
                host.Received.Enqueue(("telemetry", e.Args.ToString() ?? ""));
                e.Ack("stored");
            });
            socket.On("command-to-me", (string command) => socket.Emit("command", command));
            AddWhoAmI(socket);
            socket.On("disconnect", (string reason) => host.Disconnects[socket.Id] = reason);
        });
        io.Of("/orders").OnConnection(AddWhoAmI);
        io.Of("/users").OnConnection(AddWhoAmI);
        io.Of("/secure").Use(_ => ValueTask.FromException(new ConnectErrorException("not authorized", new { code = 401 })));
        // Device identity from the TLS client certificate, as middleware sees it.
        var cert = io.Of("/cert");
        cert.Use(socket => socket.Handshake.ClientCertificate is null
            ? ValueTask.FromException(new ConnectErrorException("certificate required"))
            : ValueTask.CompletedTask);
        cert.OnConnection(socket => socket.Emit("subject", socket.Handshake.ClientCertificate!.Subject));
        // What a device backend does: token check, telemetry with an ack, a command the device acks.
        var devices = io.Of("/devices");
        devices.Use(socket => socket.Handshake.Auth.TryGetProperty("token", out var token) && token.GetString() == DeviceToken
            ? ValueTask.CompletedTask
            : ValueTask.FromException(new ConnectErrorException("invalid token")));
        devices.OnConnection(socket =>
        {
            socket.On("telemetry", (SocketEvent e) =>
            {
                host.Received.Enqueue(("telemetry", e.Args.ToString()));
                e.Ack("stored");
            });
            _ = SendCommandAsync(socket, host);
        });
    }

    /// <summary>The token /devices accepts.</summary>
    public const string DeviceToken = "device-token";

    private static async Task SendCommandAsync(Socket socket, TcpTestServer host)
    {
        try
        {
            var reply = await socket.Timeout(TimeSpan.FromSeconds(10)).EmitWithAckAsync("command", new { name = "reboot" });
            host.Received.Enqueue(("command-ack", reply.ToString()));
        }
        catch (Exception ex)
        {
            host.Received.Enqueue(("command-ack-failed", ex.Message));
        }
    }

    /// <summary>Acks what the server sees of the connection.</summary>
    private static void AddWhoAmI(Socket socket) =>
        socket.On("whoami", (Ack ack) => ack(new
        {
            transport = socket.Transport,
            connectionId = socket.ConnectionId,
            nsp = socket.Namespace.Name,
            address = socket.Handshake.Address,
            secure = socket.Handshake.Secure,
        }));
}
