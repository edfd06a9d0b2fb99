using System.Runtime.CompilerServices;
using System.Text.Json;
using SocketIO.Engine;

namespace SocketIO;

/// <summary>
/// Keeps what one client can make the server log in proportion to what it sends, and closes a client that
/// keeps sending bad events. Bad input (an event argument refused by a typed handler, a handler failing with
/// <see cref="JsonException"/> on the client's data) is a Warning without a stack; any other handler failure is
/// an Error with its exception. Either way a connection logs at most <see cref="LinesPerWindow"/> such lines a
/// minute, then one line saying the rest are dropped. Past <see cref="SocketIOOptions.MaxInvalidEventsPerMinute"/>
/// bad events in a minute the whole connection (every namespace of it) is closed.
/// </summary>
internal sealed class ClientFaults
{
    private const int LinesPerWindow = 5;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // One per engine session, gone with it; only bad input ever creates one.
    private static readonly ConditionalWeakTable<EngineSession, ClientFaults> PerConnection = new();

    private readonly Lock _gate = new();
    private long _windowStart;
    private int _invalid;
    private int _lines;
    private bool _closing;

    /// <summary>A typed handler refused an argument (its ack, if asked for, is already on its way).</summary>
    public static void InvalidArgument(Socket socket, string eventName, string problem)
    {
        var server = socket.Namespace.Server;
        if (For(socket).Admit(socket, invalid: true))
            server.Log.InvalidArgument(socket.Namespace.Name, socket.Id, eventName, problem);
    }

    /// <summary>A handler threw, synchronously or from its task.</summary>
    public static void HandlerFailed(Socket socket, string eventName, Exception error)
    {
        var server = socket.Namespace.Server;
        var badInput = error is JsonException or InvalidArgumentException;
        if (!For(socket).Admit(socket, invalid: badInput))
            return;
        if (badInput)
            server.Log.BadClientData(socket.Namespace.Name, socket.Id, eventName, error.GetType().Name, error.Message);
        else
            server.Log.HandlerFailed(socket.Namespace.Name, $"handler for \"{eventName}\"", error);
    }

    /// <summary>Waits for an asynchronous handler and reports its failure.</summary>
    public static async Task ObserveHandlerAsync(Socket socket, ValueTask pending, string eventName)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            HandlerFailed(socket, eventName, ex);
        }
    }

    private static ClientFaults For(Socket socket) => PerConnection.GetValue(socket.Conn, static _ => new ClientFaults());

    /// <summary>Counts one fault; true when its line may be logged. May close the connection.</summary>
    private bool Admit(Socket socket, bool invalid)
    {
        var server = socket.Namespace.Server;
        var limit = server.Options.MaxInvalidEventsPerMinute;
        bool log, suppressing = false, close = false;
        int count;
        lock (_gate)
        {
            var now = server.Time.GetTimestamp();
            if ((_lines == 0 && _invalid == 0) || server.Time.GetElapsedTime(_windowStart, now) >= Window)
            {
                _windowStart = now;
                _invalid = 0;
                _lines = 0;
            }
            if (invalid)
                _invalid++;
            count = _invalid;
            _lines++;
            log = _lines <= LinesPerWindow;
            suppressing = _lines == LinesPerWindow + 1;
            if (invalid && limit > 0 && _invalid > limit && !_closing)
                close = _closing = true;
        }
        if (suppressing)
            server.Log.FaultLinesSuppressed(socket.ConnectionId, LinesPerWindow);
        if (close)
        {
            server.Log.TooManyInvalidEvents(socket.ConnectionId, count, limit);
            socket.Conn.Close();
        }
        return log;
    }
}
