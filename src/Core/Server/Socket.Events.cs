using SocketIO.Protocol;

namespace SocketIO;

public sealed partial class Socket
{
    private readonly Lock _handlersLock = new();
    private Dictionary<string, Func<SocketEvent, ValueTask>[]> _handlers = new(StringComparer.Ordinal);
    private Action<SocketEvent>[] _anyHandlers = [];
    private Action<string, object?[]>[] _anyOutgoing = [];
    private Func<SocketEvent, Func<ValueTask>, ValueTask>[] _packetMiddleware = [];
    private Action<Exception>[] _errorHandlers = [];

    /// <summary>
    /// Handles an event. "disconnecting" and "disconnect" receive the reason as their one argument.
    /// </summary>
    public Socket On(string eventName, Func<SocketEvent, ValueTask> handler)
    {
        lock (_handlersLock)
        {
            var next = new Dictionary<string, Func<SocketEvent, ValueTask>[]>(_handlers, StringComparer.Ordinal);
            next[eventName] = next.TryGetValue(eventName, out var list) ? [.. list, handler] : [handler];
            _handlers = next;
        }
        return this;
    }

    /// <summary>Handles an event synchronously.</summary>
    public Socket On(string eventName, Action<SocketEvent> handler) => On(eventName, e =>
    {
        handler(e);
        return ValueTask.CompletedTask;
    });

    /// <summary>
    /// Handles an event with a typed delegate, e.g. <c>(Order order, Ack ack) =&gt; …</c>. Parameters
    /// take the event arguments in order, deserialized to their types; <see cref="Ack"/>,
    /// <see cref="Socket"/>, <see cref="SocketArgs"/> and <see cref="SocketEvent"/> parameters are supplied.
    /// A return value is sent as the ack.
    /// </summary>
    public Socket On(string eventName, Delegate handler) => On(eventName, HandlerBinder.Bind(handler));

    /// <summary>Removes every handler of an event.</summary>
    public Socket Off(string eventName)
    {
        lock (_handlersLock)
        {
            var next = new Dictionary<string, Func<SocketEvent, ValueTask>[]>(_handlers, StringComparer.Ordinal);
            next.Remove(eventName);
            _handlers = next;
        }
        return this;
    }

    /// <summary>Sees every incoming event before its handlers.</summary>
    public Socket OnAny(Action<SocketEvent> listener)
    {
        lock (_handlersLock)
            _anyHandlers = [.. _anyHandlers, listener];
        return this;
    }

    /// <summary>Removes every catch-all listener.</summary>
    public Socket OffAny()
    {
        lock (_handlersLock)
            _anyHandlers = [];
        return this;
    }

    /// <summary>Sees every outgoing event of this socket (name and arguments).</summary>
    public Socket OnAnyOutgoing(Action<string, object?[]> listener)
    {
        lock (_handlersLock)
            _anyOutgoing = [.. _anyOutgoing, listener];
        return this;
    }

    /// <summary>
    /// Adds packet middleware: it sees each incoming event and calls <c>next</c> to continue. An
    /// exception stops the event and is passed to <see cref="OnError"/> listeners.
    /// </summary>
    public Socket Use(Func<SocketEvent, Func<ValueTask>, ValueTask> middleware)
    {
        lock (_handlersLock)
            _packetMiddleware = [.. _packetMiddleware, middleware];
        return this;
    }

    /// <summary>Receives errors raised by packet middleware, and the decode error that ends the connection (Node's "error" event).</summary>
    public Socket OnError(Action<Exception> listener)
    {
        lock (_handlersLock)
            _errorHandlers = [.. _errorHandlers, listener];
        return this;
    }

    internal void OnPacket(SocketPacket packet)
    {
        switch (packet.Type)
        {
            case PacketType.Event:
                OnEvent(packet);
                break;
            case PacketType.Ack:
                OnAck(packet);
                break;
            case PacketType.Disconnect:
                OnClose("client namespace disconnect");
                break;
        }
    }

    private void OnEvent(SocketPacket packet)
    {
        var all = new SocketArgs(packet.Data, 0, Server.Serializer);
        if (all.Count == 0)
            return;
        var first = all[0];
        var name = first.ValueKind == System.Text.Json.JsonValueKind.String ? first.GetString()! : first.GetRawText();
        var e = new SocketEvent(this, name, new SocketArgs(packet.Data, 1, Server.Serializer), packet.Id is { } id ? CreateAck(id) : null);
        foreach (var any in _anyHandlers)
        {
            try
            {
                any(e);
            }
            catch (Exception ex)
            {
                Server.Log.HandlerFailed(Namespace.Name, "onAny listener", ex);
            }
        }
        var middleware = _packetMiddleware;
        if (middleware.Length == 0)
            Dispatch(e);
        else
            _ = Namespace.ObserveAsync(RunMiddlewareAsync(e, middleware, 0).AsTask(), "packet middleware");
    }

    private async ValueTask RunMiddlewareAsync(SocketEvent e, Func<SocketEvent, Func<ValueTask>, ValueTask>[] chain, int index)
    {
        if (index == chain.Length)
        {
            Dispatch(e);
            return;
        }
        try
        {
            await chain[index](e, () => RunMiddlewareAsync(e, chain, index + 1)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            RaiseError(ex);
        }
    }

    /// <summary>Tells the <see cref="OnError"/> listeners; a listener that throws is logged, not propagated.</summary>
    internal void RaiseError(Exception error)
    {
        foreach (var listener in _errorHandlers)
        {
            try
            {
                listener(error);
            }
            catch (Exception ex)
            {
                Server.Log.HandlerFailed(Namespace.Name, "error listener", ex);
            }
        }
    }

    private void Dispatch(SocketEvent e)
    {
        if (!_handlers.TryGetValue(e.Name, out var handlers))
            return;
        foreach (var handler in handlers)
        {
            try
            {
                var t = handler(e);
                if (!t.IsCompletedSuccessfully)
                    _ = Namespace.ObserveAsync(t.AsTask(), $"handler for \"{e.Name}\"");
            }
            catch (Exception ex)
            {
                Server.Log.HandlerFailed(Namespace.Name, $"handler for \"{e.Name}\"", ex);
            }
        }
    }

    private void Fire(string reservedEvent, string reason)
    {
        if (!_handlers.TryGetValue(reservedEvent, out var handlers))
            return;
        var data = Server.Serializer.WriteArray([reason]);
        var e = new SocketEvent(this, reservedEvent, new SocketArgs(data, 0, Server.Serializer), null);
        foreach (var handler in handlers)
        {
            try
            {
                var t = handler(e);
                if (!t.IsCompletedSuccessfully)
                    _ = Namespace.ObserveAsync(t.AsTask(), reservedEvent + " handler");
            }
            catch (Exception ex)
            {
                Server.Log.HandlerFailed(Namespace.Name, reservedEvent + " handler", ex);
            }
        }
    }

    private void NotifyOutgoing(string eventName, object?[] args)
    {
        foreach (var listener in _anyOutgoing)
        {
            try
            {
                listener(eventName, args);
            }
            catch (Exception ex)
            {
                Server.Log.HandlerFailed(Namespace.Name, "onAnyOutgoing listener", ex);
            }
        }
    }
}
