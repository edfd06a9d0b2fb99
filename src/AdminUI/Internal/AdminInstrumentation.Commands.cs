using System.Text.Json;

namespace SocketIO.AdminUI.Internal;

internal sealed partial class AdminInstrumentation
{
    // registerFeatureHandlers: (nsp, filter, event, ...args), (nsp, room, filter), (nsp, room, filter), (nsp, close, filter).
    // The filter is a room name or a socket id; absent or empty means the whole namespace. Every operation is cluster-wide.
    private void RegisterCommands(Socket socket)
    {
        socket.On("emit", e => Run(e, static (self, e) =>
        {
            var args = e.Args;
            var eventName = String(args, 2) ?? throw new CommandException("the event name is not a string");
            var forwarded = new object?[Math.Max(0, args.Count - 3)];
            for (var i = 3; i < args.Count; i++)
                forwarded[i - 3] = args.GetRaw(i);
            self.Target(args).Emit(eventName, forwarded);
        }));
        socket.On("join", e => Run(e, static (self, e) => self.Target(e.Args, filterIndex: 2).SocketsJoin(self.Room(e.Args))));
        socket.On("leave", e => Run(e, static (self, e) => self.Target(e.Args, filterIndex: 2).SocketsLeave(self.Room(e.Args))));
        socket.On("_disconnect", e => Run(e, static (self, e) =>
            self.Target(e.Args, filterIndex: 2).DisconnectSockets(e.Args.Count > 1 && e.Args[1].ValueKind == JsonValueKind.True)));
    }

    private void Run(SocketEvent e, Action<AdminInstrumentation, SocketEvent> command)
    {
        if (_options.ReadOnly)
        {
            AdminUILog.CommandIgnored(_logger, e.Name, e.Socket.Id, "the Admin UI is read-only");
            return;
        }
        try
        {
            command(this, e);
        }
        catch (Exception ex) when (ex is CommandException or ArgumentException)
        {
            AdminUILog.CommandIgnored(_logger, e.Name, e.Socket.Id, ex.Message);
        }
        catch (Exception ex)
        {
            AdminUILog.CommandFailed(_logger, e.Name, e.Socket.Id, ex);
        }
    }

    /// <summary>The namespace (first argument) narrowed to the filter, as Node's <c>io.of(nsp)[.in(filter)]</c>.</summary>
    private BroadcastOperator Target(SocketArgs args, int filterIndex = 1)
    {
        var name = String(args, 0) ?? throw new CommandException("the namespace is not a string");
        if (name.Length > _server.Options.MaxNamespaceLength)
            throw new CommandException("the namespace name is too long");
        var nsp = _server.Of(name);
        return String(args, filterIndex) is { Length: > 0 } filter ? nsp.In(filter) : nsp.To();
    }

    private string Room(SocketArgs args) => String(args, 1) ?? throw new CommandException("the room is not a string");

    private static string? String(SocketArgs args, int index) =>
        index < args.Count && args[index].ValueKind == JsonValueKind.String ? args[index].GetString() : null;

    /// <summary>A command with arguments the UI would never send: ignored with a warning.</summary>
    private sealed class CommandException(string message) : Exception(message);
}
