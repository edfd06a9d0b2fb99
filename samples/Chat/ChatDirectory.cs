using SocketIO;

namespace Chat;

/// <summary>A room as the room list shows it.</summary>
internal sealed record RoomSummary(string Name, int Members);

/// <summary>
/// Who is online and where: each nickname belongs to one connected socket (compared without case),
/// and each user is in exactly one room. The lobby always exists; other rooms exist while someone
/// is in them.
/// </summary>
internal sealed class ChatDirectory(string lobby)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _owners = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _roomOf = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SortedSet<string>> _rooms = new(StringComparer.Ordinal)
    {
        [lobby] = new(StringComparer.OrdinalIgnoreCase),
    };

    /// <summary>True when a connected user has this nickname.</summary>
    public bool IsTaken(string nickname)
    {
        lock (_lock)
            return _owners.ContainsKey(nickname);
    }

    /// <summary>Gives the nickname to a socket; false when another socket has it.</summary>
    public bool TryClaim(string nickname, string socketId)
    {
        lock (_lock)
            return _owners.TryAdd(nickname, socketId) || _owners[nickname] == socketId;
    }

    /// <summary>Frees the nickname of a socket that left, and takes it out of its room; returns that room.</summary>
    public string? Release(string nickname, string socketId)
    {
        lock (_lock)
        {
            if (!_owners.TryGetValue(nickname, out var owner) || owner != socketId)
                return null;
            _owners.Remove(nickname);
            var room = _roomOf.GetValueOrDefault(nickname);
            if (room is not null)
                RemoveFromRoom(nickname, room);
            return room;
        }
    }

    /// <summary>Puts a user in <paramref name="room"/>, out of the room it was in (returned; null at first).</summary>
    public string? Move(string nickname, string room)
    {
        lock (_lock)
        {
            var from = _roomOf.GetValueOrDefault(nickname);
            if (from is not null)
                RemoveFromRoom(nickname, from);
            if (!_rooms.TryGetValue(room, out var members))
                _rooms[room] = members = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            members.Add(nickname);
            _roomOf[nickname] = room;
            return from;
        }
    }

    /// <summary>The nicknames in a room, sorted.</summary>
    public List<string> Members(string room)
    {
        lock (_lock)
            return _rooms.TryGetValue(room, out var members) ? [.. members] : [];
    }

    /// <summary>Every room with its number of members: the lobby first, then by name.</summary>
    public List<RoomSummary> Rooms()
    {
        lock (_lock)
            return RoomsCore();
    }

    /// <summary>
    /// Sends the room list to everyone. Under the lock, so that two changes made at once reach every
    /// client in the order they happened and the last list each client gets is the current one.
    /// </summary>
    public void PublishRooms(SocketIOServer io)
    {
        lock (_lock)
            io.Emit("rooms", RoomsCore());
    }

    private List<RoomSummary> RoomsCore() =>
        [.. _rooms.OrderBy(r => r.Key == lobby ? 0 : 1).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => new RoomSummary(r.Key, r.Value.Count))];

    private void RemoveFromRoom(string nickname, string room)
    {
        _roomOf.Remove(nickname);
        if (_rooms.TryGetValue(room, out var members) && members.Remove(nickname) && members.Count == 0 && room != lobby)
            _rooms.Remove(room);
    }
}
