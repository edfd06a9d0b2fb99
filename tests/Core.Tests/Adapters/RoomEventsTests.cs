using SocketIO.Tests.Support;

namespace SocketIO.Tests.Adapters;

/// <summary>The adapter's room events, as Node's "create-room", "join-room", "leave-room" and "delete-room".</summary>
public class RoomEventsTests
{
    [Fact]
    public async Task Joins_and_leaves_raise_the_events_in_order_once_each()
    {
        var io = ServerFactory.Create();
        var events = new List<string>();
        var adapter = io.Sockets.Adapter;
        adapter.RoomCreated += room => events.Add($"create {room}");
        adapter.RoomDeleted += room => events.Add($"delete {room}");
        adapter.RoomJoined += (room, id) => events.Add($"join {room} {id}");
        adapter.RoomLeft += (room, id) => events.Add($"leave {room} {id}");
        var (sockets, _) = await ConnectedClients.OpenAsync(io, 2);
        var (a, b) = (sockets[0].Id, sockets[1].Id);
        events.Clear();

        sockets[0].Join("r");
        sockets[0].Join("r");
        sockets[1].Join("r");
        sockets[0].Leave("r");
        Assert.Equal(["create r", $"join r {a}", $"join r {b}", $"leave r {a}"], events);
        events.Clear();

        // A disconnect leaves every room (in no particular order), deleting those left empty.
        sockets[1].Disconnect();
        Assert.Equal(new[] { $"leave {b} {b}", $"delete {b}", $"leave r {b}", "delete r" }.Order(), events.Order());
        Assert.True(events.IndexOf($"leave r {b}") < events.IndexOf("delete r"));
    }

    [Fact]
    public async Task A_listener_that_throws_is_logged_and_does_not_stop_the_join()
    {
        var logs = new LogCapture();
        var io = ServerFactory.Create(logs: logs);
        io.Sockets.Adapter.RoomJoined += (_, _) => throw new InvalidOperationException("listener bug");
        var (sockets, _) = await ConnectedClients.OpenAsync(io, 1);

        sockets[0].Join("r");

        Assert.Contains("r", sockets[0].Rooms);
        Assert.Contains(logs.Entries, e => e.Exception?.Message == "listener bug");
    }
}
