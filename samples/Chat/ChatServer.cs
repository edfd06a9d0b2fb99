using System.Text.Json;
using System.Text.RegularExpressions;
using SocketIO;

namespace Chat;

/// <summary>
/// The chat's Socket.IO handlers. Every user has a unique nickname and is in one room at a time (the
/// lobby at first); messages, typing notices, arrivals and departures go to that room only, and
/// everyone gets the list of rooms whenever it changes.
/// </summary>
internal static partial class ChatServer
{
    public const string Lobby = "lobby";
    public const int MaxNicknameLength = 20;
    public const int MaxRoomLength = 30;
    public const int MaxMessageLength = 500;
    private static long _lastMessageId;

    public static void Configure(SocketIOServer io)
    {
        var directory = new ChatDirectory(Lobby);

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
            if (directory.IsTaken(nickname))
                throw new ConnectErrorException(Taken(nickname), new { field = "nickname", reason = "taken" });
            socket.Data["nickname"] = nickname;
        });

        io.OnConnection(async socket =>
        {
            var nickname = (string)socket.Data["nickname"]!;
            // The middleware's check and this claim are not one step: of two users who pick the same
            // name at the same moment, the second to get here is turned away.
            if (!directory.TryClaim(nickname, socket.Id))
            {
                socket.Emit("refused", new { message = Taken(nickname) });
                socket.Disconnect();
                return;
            }
            var member = new Member(io, socket, directory, nickname);

            socket.On("join", async (string? room, Ack ack) =>
            {
                room = NormalizeRoom(room);
                if (room.Length == 0 || room.Length > MaxRoomLength)
                {
                    ack(new { ok = false, error = $"Room names are 1 to {MaxRoomLength} characters." });
                    return;
                }
                await member.MoveToAsync(room);
                ack(new { ok = true, room, members = directory.Members(room), rooms = directory.Rooms() });
            });

            socket.On("leave", async (Ack ack) =>
            {
                await member.MoveToAsync(Lobby);
                ack(new { ok = true, room = Lobby, members = directory.Members(Lobby), rooms = directory.Rooms() });
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
                var at = Now(io);
                var room = member.Room;
                // Everyone else in the room; the sender already shows its own message and gets the ack.
                socket.To(room).Emit("chat message", new { id, room, nickname, text, at });
                ack(new { ok = true, id, at });
            });

            socket.On("typing", () => { socket.To(member.Room).Emit("typing", new { nickname }); });
            socket.On("stop typing", () => { socket.To(member.Room).Emit("stop typing", new { nickname }); });

            socket.On("disconnect", (string reason) =>
            {
                if (directory.Release(nickname, socket.Id) is not { } room)
                    return;
                socket.To(room).Emit("stop typing", new { nickname });
                socket.To(room).Emit("user left", new { nickname, room, at = Now(io) });
                directory.PublishRooms(io);
            });
            if (!socket.Connected)
            {
                // Gone before the disconnect handler was in place.
                directory.Release(nickname, socket.Id);
                return;
            }

            await member.MoveToAsync(Lobby);
            socket.Emit("welcome", new { nickname, room = Lobby, members = directory.Members(Lobby), rooms = directory.Rooms(), at = Now(io) });
        });
    }

    private static string Taken(string nickname) => $"The nickname \"{nickname}\" is taken. Please choose another one.";

    private static long Now(SocketIOServer io) => io.Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>"  Blue Team " and "#blue-team" name the same room: "blue-team".</summary>
    private static string NormalizeRoom(string? room) =>
        Spaces().Replace((room ?? "").Trim().TrimStart('#').Trim(), "-").ToLowerInvariant();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>One connected user and the room it is in.</summary>
    private sealed class Member(SocketIOServer io, Socket socket, ChatDirectory directory, string nickname)
    {
        private readonly SemaphoreSlim _gate = new(1, 1);

        public string Room { get; private set; } = "";

        /// <summary>
        /// Moves the user to <paramref name="room"/>: the room it leaves hears where it went ("user moved"),
        /// the room it enters hears it arrive ("user joined"), and everyone gets the new room list.
        /// </summary>
        public async Task MoveToAsync(string room)
        {
            await _gate.WaitAsync();
            try
            {
                if (Room == room)
                    return;
                var at = Now(io);
                var from = directory.Move(nickname, room);
                if (from is not null)
                {
                    socket.To(from).Emit("stop typing", new { nickname });
                    socket.To(from).Emit("user moved", new { nickname, from, to = room, at });
                    socket.Leave(from);
                }
                Room = room;
                socket.Join(room);
                socket.To(room).Emit("user joined", new { nickname, room, from, at });
                directory.PublishRooms(io);
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
