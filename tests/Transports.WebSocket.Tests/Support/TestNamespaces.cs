using System.Text.Json;
using System.Text.RegularExpressions;

namespace SocketIO.Transports.WebSocket.Tests.Support;

/// <summary>The Socket.IO handlers the interop and bad-input tests talk to.</summary>
internal static partial class TestNamespaces
{
    public static void Configure(SocketIOServer io, TestServer host)
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
            // A broadcast from a handler: the writes to every member start on this receive loop's thread.
            socket.On("join-room", (string room, Ack ack) =>
            {
                socket.Join(room);
                ack();
            });
            socket.On("shout", (SocketEvent e) => io.To(e.Args.Get<string>(0)!).Emit("heard", e.Args));
            AddWhoAmI(socket, io);
            socket.On("sum", (int a, int b) => a + b);
            socket.On("leave-room", (string room) => socket.Leave(room));
            socket.On("disconnect", (string reason) => host.Disconnects[socket.Id] = reason);
        });
        io.Of("/orders").OnConnection(socket => AddWhoAmI(socket, io));
        io.Of("/users").OnConnection(socket => AddWhoAmI(socket, io));
        // Middleware that fails by accident: its message must not reach the client.
        io.Of("/leaky").Use(_ => throw new InvalidOperationException(LeakySecret));
        io.Of("/secure").Use(_ => ValueTask.FromException(new ConnectErrorException("not authorized", new { code = 401, reason = "missing token" })));
        io.Of(DynamicName()).OnConnection(socket => socket.Emit("hello", socket.Namespace.Name));
        io.Of((string name, JsonElement auth) =>
                name.StartsWith("/pred-", StringComparison.Ordinal)
                && auth.ValueKind == JsonValueKind.Object
                && auth.TryGetProperty("token", out var token)
                && token.ValueKind == JsonValueKind.String
                && token.GetString() == "ok")
            .OnConnection(socket => socket.Emit("hello", socket.Namespace.Name));
    }

    /// <summary>The message of the exception /leaky's middleware throws.</summary>
    public const string LeakySecret = "connecting to db1 with Password=hunter2 failed";

    /// <summary>Acks what the server sees of the connection: transport, engine sid and engine client count.</summary>
    private static void AddWhoAmI(Socket socket, SocketIOServer io) =>
        socket.On("whoami", (Ack ack) => ack(new { transport = socket.Transport, connectionId = socket.ConnectionId, clients = io.ClientsCount, nsp = socket.Namespace.Name }));

    [GeneratedRegex(@"^/dyn-\d+$")]
    private static partial Regex DynamicName();
}
