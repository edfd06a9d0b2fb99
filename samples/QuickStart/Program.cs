using SocketIO;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSocketIO();
var app = builder.Build();
app.MapSocketIO("/socket.io", io =>
{
    var chat = io.Of("/chat");
    chat.Use(socket => // connection middleware: throw to refuse; the client gets connect_error
    {
        if (!socket.Handshake.Auth.TryGetProperty("token", out _))
            throw new ConnectErrorException("not authorized", new { reason = "no token" });
    });
    chat.OnConnection(socket =>
        socket.On("message", (string text, Ack ack) =>
        {
            ack("received");            // the client's callback or emitWithAck
            chat.Emit("message", text); // every socket of /chat
        }));
});
app.Run();
