using System.Text.Json;
using SocketIO;

namespace Cluster;

/// <summary>
/// The cluster-node contract: middleware that labels each socket with its node, and one event per cluster
/// operation (broadcast, fetchSockets, socketsJoin/Leave, disconnectSockets, broadcast acks, server-side
/// emits, server count, all rooms), each acking its result or <c>{ error }</c>.
/// </summary>
internal sealed class ClusterNode(SocketIOServer io, string nodeName, bool askAdapterForRooms)
{
    /// <summary>How long a cluster request or a broadcast with acks waits.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(3000);

    public void Configure()
    {
        io.Use(socket =>
        {
            var auth = socket.Handshake.Auth;
            socket.Data["node"] = nodeName;
            socket.Data["user"] = auth.ValueKind == JsonValueKind.Object && auth.TryGetProperty("user", out var user) ? user.Clone() : null;
            if (auth.ValueKind == JsonValueKind.Object && auth.TryGetProperty("room", out var room) && room.ValueKind == JsonValueKind.String)
                socket.Join(room.GetString()!);
        });
        io.OnConnection(OnConnection);
        io.OnServerSideEmit("server-question", e =>
        {
            e.Ack?.Invoke(nodeName);
            return ValueTask.CompletedTask;
        });
        io.OnServerSideEmit("announce", e =>
        {
            io.Local.To("listeners").Emit("announced", e.Args.GetRaw(0), nodeName);
            return ValueTask.CompletedTask;
        });
    }

    private void OnConnection(Socket socket)
    {
        Handle(socket, "whoami", _ => Task.FromResult<object?>(new { node = nodeName, id = socket.Id }));
        socket.On("broadcast", e => io.To(e.Args.Get<string>(0)!).Emit("msg", e.Args.GetRaw(1), nodeName));
        Handle(socket, "fetch", async args =>
        {
            var sockets = await io.In(args.Get<string>(0)!).Timeout(Timeout).FetchSocketsAsync();
            return sockets
                .Select(s => new { id = s.Id, node = s.Data.GetValueOrDefault("node"), user = s.Data.GetValueOrDefault("user"), rooms = s.Rooms.Order(StringComparer.Ordinal).ToArray() })
                .OrderBy(s => s.id, StringComparer.Ordinal)
                .ToArray();
        });
        Handle(socket, "sockets-join", args =>
        {
            io.In(args.Get<string>(0)!).SocketsJoin(args.Get<string>(1)!);
            return Task.FromResult<object?>(true);
        });
        Handle(socket, "sockets-leave", args =>
        {
            io.In(args.Get<string>(0)!).SocketsLeave(args.Get<string>(1)!);
            return Task.FromResult<object?>(true);
        });
        Handle(socket, "disconnect-room", args =>
        {
            io.In(args.Get<string>(0)!).DisconnectSockets(close: true);
            return Task.FromResult<object?>(true);
        });
        Handle(socket, "ask", async args =>
            Collect(await io.To(args.Get<string>(0)!).Timeout(Timeout).EmitWithAckAsync("question", args.GetRaw(1))));
        Handle(socket, "server-ask", async args =>
            Collect(await io.ServerSideEmitWithAckAsync("server-question", Timeout, args.GetRaw(0))));
        Handle(socket, "server-count", async _ => await io.ServerCountAsync());
        Handle(socket, "all-rooms", async _ => Sorted(await AllRoomsAsync()));
        socket.On("announce", e => io.ServerSideEmit("announce", e.Args.GetRaw(0)));
    }

    // The classic Redis protocol asks every node for its rooms, and the RabbitMQ adapter answers with this node's
    // (its contract); sharded Redis has no such request, so the rooms of every socket in the cluster give the set.
    private async Task<IEnumerable<string>> AllRoomsAsync()
    {
        if (askAdapterForRooms)
            return await io.Sockets.Adapter.AllRoomsAsync();
        var sockets = await io.Timeout(Timeout).FetchSocketsAsync();
        return sockets.SelectMany(s => s.Rooms).Distinct();
    }

    // The first argument of every answer, sorted; a timeout gives { error, partial }.
    private static object Collect(BroadcastAckResult result)
    {
        var answers = Sorted(result.Responses.Select(r => r.Count > 0 ? r[0] : default));
        return result.TimedOut ? new { error = "timeout reached: some answers are missing", partial = answers } : answers;
    }

    private static string[] Sorted(IEnumerable<string> values) => values.Distinct().Order(StringComparer.Ordinal).ToArray();

    // Ascending ordinal order; a value that is not a string compares by its JSON text.
    private static JsonElement[] Sorted(IEnumerable<JsonElement> values) =>
        values.OrderBy(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText(), StringComparer.Ordinal).ToArray();

    // Runs a handler that acks its result; a failure acks { error } instead of leaving the client waiting.
    private static void Handle(Socket socket, string eventName, Func<SocketArgs, Task<object?>> handler) =>
        socket.On(eventName, async (SocketEvent e) =>
        {
            object? result;
            try
            {
                result = await handler(e.Args);
            }
            catch (Exception ex)
            {
                result = new { error = ex.Message };
            }
            if (e.HasAck)
                e.Ack(result);
        });
}
