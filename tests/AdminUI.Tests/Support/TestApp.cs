namespace SocketIO.AdminUI.Tests.Support;

/// <summary>The application the Admin UI watches: a few namespaces and events for the tests to drive.</summary>
public static class TestApp
{
    public static void Configure(SocketIOServer io)
    {
        io.OnConnection(socket =>
        {
            socket.On("join", (string room, Ack ack) =>
            {
                socket.Join(room);
                ack();
            });
            socket.On("set-data", (string key, string value, Ack ack) =>
            {
                socket.Data[key] = value;
                ack();
            });
            // Answers with an event of its own, so that both directions show up in the UI.
            socket.On("ping-me", (string text) => socket.Emit("pong-you", text));
        });
        io.Of("/orders").OnConnection(socket => socket.Join("orders-room"));
        // A probe on the admin namespace: its ack proves that the commands sent before it were handled.
        io.Of("/admin").OnConnection(socket => socket.On("probe", (Ack ack) => ack()));
    }
}
