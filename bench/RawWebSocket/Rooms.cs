using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Bench.RawWebSocket;

internal sealed class RoomRegistry
{
    private readonly ConcurrentDictionary<string, Room> _rooms = new(StringComparer.Ordinal);

    public Room GetOrAdd(string name) => _rooms.GetOrAdd(name, static _ => new Room());

    public bool TryGet(string name, [NotNullWhen(true)] out Room? room) => _rooms.TryGetValue(name, out room);
}

/// <summary>Room membership with a copy-on-write snapshot, so a broadcast iterates without a lock and in join order.</summary>
internal sealed class Room
{
    private readonly Lock _gate = new();
    private Connection[] _members = [];

    public Connection[] Members => Volatile.Read(ref _members);

    public void Add(Connection connection)
    {
        lock (_gate)
        {
            var next = new Connection[_members.Length + 1];
            _members.CopyTo(next, 0);
            next[^1] = connection;
            Volatile.Write(ref _members, next);
        }
    }

    public void Remove(Connection connection)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_members, connection);
            if (index < 0)
            {
                return;
            }

            var next = new Connection[_members.Length - 1];
            Array.Copy(_members, 0, next, 0, index);
            Array.Copy(_members, index + 1, next, index, _members.Length - index - 1);
            Volatile.Write(ref _members, next);
        }
    }
}
