using System.Text.Json;
using SocketIO;

namespace Chat;

/// <summary>
/// The chat's Socket.IO handlers. Every user is in one room at a time (the lobby at first); messages,
/// typing notices and arrivals go to that room only.
/// </summary>
internal static class ChatServer
{
    public const string Lobby = "lobby";
    public const int MaxNicknameLength = 20;
    public const int MaxRoomLength = 30;
    public const int MaxMessageLength = 500;
    private static long _lastMessageId;

    public static void Configure(SocketIOServer io)
    {
        // Connection middleware: the client sends auth: { nickname }; a refusal reaches it as connect_error.
        io.Use(socket =>
        {
            var nickname = socket.Handshake.Auth.ValueKind == JsonValueKind.Object
                && socket.Handshake.Auth.TryGetProperty("nickname", out var n) && n.ValueKind == JsonValueKind.String
                    ? n.GetString()!.Trim()
                    : "";
            if (nickname.Length == 0)
                throw new ConnectErrorException("Please choose a nickname.", new { field = "nickname" });
            if (nickname.Length > MaxNicknameLength)
                throw new ConnectErrorException($"Nicknames are at most {MaxNicknameLength} characters.", new { field = "nickname", max = MaxNicknameLength });
            socket.Data["nickname"] = nickname;
        });

        io.OnConnection(async socket =>
        {
            var member = new Member(socket, (string)socket.Data["nickname"]!);

            socket.On("join", async (string? room) =>
            {
                room = room?.Trim() ?? "";
                if (room.Length == 0 || room.Length > MaxRoomLength)
                    return (object)new { ok = false, error = $"Room names are 1 to {MaxRoomLength} characters." };
                await member.MoveToAsync(room);
                return new { ok = true, room, members = await MembersAsync(io, room) };
            });

            socket.On("leave", async () =>
            {
                await member.MoveToAsync(Lobby);
                return new { ok = true, room = Lobby, members = await MembersAsync(io, Lobby) };
            });

            socket.On("chat message", (string? text, Ack ack) =>
            {
                text = text?.Trim() ?? "";
                if (text.Length == 0 || text.Length > MaxMessageLength)
                {
                    ack(new { ok = false, error = $"Messages are 1 to {MaxMessageLength} characters." });
                    return;
                }
                var id = Interlocked.Increment(ref _lastMessageId);
                var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                var room = member.Room;
                // Everyone else in the room; the sender already shows its own message and gets the ack.
                socket.To(room).Emit("chat message", new { id, room, nickname = member.Nickname, text, at });
                ack(new { ok = true, id, at });
            });

            socket.On("typing", () => { socket.To(member.Room).Emit("typing", new { nickname = member.Nickname }); });
            socket.On("stop typing", () => { socket.To(member.Room).Emit("stop typing", new { nickname = member.Nickname }); });

            socket.On("disconnecting", (string reason) =>
            {
                var room = member.Room;
                socket.To(room).Emit("stop typing", new { nickname = member.Nickname });
                socket.To(room).Emit("user left", new { nickname = member.Nickname, room });
            });

            await member.MoveToAsync(Lobby);
            socket.Emit("welcome", new { nickname = member.Nickname, room = Lobby, members = await MembersAsync(io, Lobby) });
        });
    }

    private static async Task<List<string>> MembersAsync(SocketIOServer io, string room)
    {
        var sockets = await io.In(room).FetchSocketsAsync();
        return sockets.Select(s => s.Data.TryGetValue("nickname", out var n) ? n as string : null)
            .OfType<string>()
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>One connected user and the room it is in.</summary>
    private sealed class Member(Socket socket, string nickname)
    {
        private readonly SemaphoreSlim _gate = new(1, 1);

        public string Nickname { get; } = nickname;

        public string Room { get; private set; } = "";

        /// <summary>Leaves the current room (telling it) and joins <paramref name="room"/> (telling it).</summary>
        public async Task MoveToAsync(string room)
        {
            await _gate.WaitAsync();
            try
            {
                if (Room == room)
                    return;
                if (Room.Length > 0)
                {
                    socket.To(Room).Emit("stop typing", new { nickname = Nickname });
                    socket.To(Room).Emit("user left", new { nickname = Nickname, room = Room });
                    socket.Leave(Room);
                }
                Room = room;
                socket.Join(room);
                socket.To(room).Emit("user joined", new { nickname = Nickname, room });
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
