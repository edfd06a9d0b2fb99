using SocketIO.Protocol;

namespace SocketIO;

public sealed partial class Socket
{
    private NameMap<Handler[]> _handlers = NameMap<Handler[]>.Empty;
    private Action<SocketEvent>[] _anyHandlers = [];
    private Action<string, object?[]>[] _anyOutgoing = [];
    private Func<SocketEvent, Func<ValueTask>, ValueTask>[] _packetMiddleware = [];
    private Action<Exception>[] _errorHandlers = [];

    /// <summary>
    /// A registered handler: the delegate the user gave (what <see cref="Off(string, Delegate)"/> matches) and, for a
    /// typed delegate, its bound form. The two plain forms are called as they are, with no wrapper per registration.
    /// </summary>
    private sealed class Handler(Delegate source, Func<SocketEvent, ValueTask>? bound = null)
    {
        public Delegate Source => source;

        public ValueTask Invoke(SocketEvent e)
        {
            if (bound is not null)
                return bound(e);
            if (source is Action<SocketEvent> action)
            {
                action(e);
                return ValueTask.CompletedTask;
            }
            return ((Func<SocketEvent, ValueTask>)source)(e);
        }
    }

    /// <summary>
    /// Handles an event. "disconnecting" and "disconnect" receive the reason as their one argument.
    /// </summary>
    public Socket On(string eventName, Func<SocketEvent, ValueTask> handler) => Add(eventName, new Handler(handler));

    /// <summary>Handles an event synchronously.</summary>
    public Socket On(string eventName, Action<SocketEvent> handler) => Add(eventName, new Handler(handler));

    /// <summary>
    /// Handles an event with a typed delegate, e.g. <c>(Order order, Ack ack) =&gt; …</c>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Parameters are bound by type. <see cref="Socket"/>, <see cref="SocketEvent"/>, <see cref="SocketArgs"/>
    /// and <see cref="Ack"/> are supplied; a <see cref="CancellationToken"/> is cancelled when the socket
    /// disconnects; a type registered in dependency injection is resolved from a service scope created for
    /// this event and disposed when the handler (and its task) completes. Every other parameter takes the
    /// next event argument, deserialized to its type.
    /// </para>
    /// <para>
    /// Arguments are checked before the handler runs: a missing argument, a JSON <c>null</c> for a
    /// non-nullable parameter, or a value of the wrong shape (a string for an <c>int</c>, unless
    /// <see cref="SocketIOOptions.JsonSerializerOptions"/> allows reading numbers from strings) is refused.
    /// The handler is not called, a Warning names the event, the parameter and the expected type, and a
    /// client that asked for an ack receives <c>{"error": "…"}</c>. Optional parameters (<c>int n = 1</c>)
    /// and nullable ones (<c>int?</c>, <c>string?</c>) may be left out.
    /// </para>
    /// <para>
    /// The result is the ack, sent when the client asked for one, for a handler that returns data: any
    /// <c>T</c>, <c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c>, e.g. <c>(int a, int b) =&gt; a + b</c>.
    /// Nothing is sent for <c>void</c>, <c>Task</c> and <c>ValueTask</c>, for a handler that takes an
    /// <see cref="Ack"/> (it acks itself), and for the server's own objects returned by fluent calls
    /// (<see cref="Socket"/>, <see cref="BroadcastOperator"/>, <see cref="Namespace"/>, …), so that
    /// <c>(string room) =&gt; socket.Join(room)</c> acks nothing. <c>Emit</c> returns <c>bool</c>, so
    /// <c>() =&gt; socket.Emit("x")</c> acks <c>true</c> when asked; use a block body to ack nothing.
    /// </para>
    /// </remarks>
    public Socket On(string eventName, Delegate handler) => Add(eventName, new Handler(handler, HandlerBinder.Bind(handler, Server.ServiceProvider)));

    private Socket Add(string eventName, Handler entry)
    {
        lock (_lock)
        {
            _handlers = _handlers.With(eventName, _handlers.TryGetValue(eventName, out var list) ? [.. list, entry] : [entry]);
        }
        return this;
    }

    /// <summary>Removes every handler of an event.</summary>
    public Socket Off(string eventName)
    {
        lock (_lock)
        {
            _handlers = _handlers.Without(eventName);
        }
        return this;
    }

    /// <summary>
    /// Removes one handler of an event: the most recently added registration of <paramref name="handler"/>
    /// (the same delegate instance or method that was passed to <c>On</c>), as Node's <c>socket.off(event, listener)</c>.
    /// </summary>
    public Socket Off(string eventName, Delegate handler)
    {
        lock (_lock)
        {
            if (!_handlers.TryGetValue(eventName, out var list))
                return this;
            var index = Array.FindLastIndex(list, h => h.Source.Equals(handler));
            if (index < 0)
                return this;
            _handlers = list.Length == 1 ? _handlers.Without(eventName) : _handlers.With(eventName, [.. list[..index], .. list[(index + 1)..]]);
        }
        return this;
    }

    /// <summary>Sees every incoming event before its handlers.</summary>
    public Socket OnAny(Action<SocketEvent> listener)
    {
        lock (_lock)
            _anyHandlers = [.. _anyHandlers, listener];
        return this;
    }

    /// <summary>Removes every catch-all listener.</summary>
    public Socket OffAny()
    {
        lock (_lock)
            _anyHandlers = [];
        return this;
    }

    /// <summary>Sees every outgoing event of this socket (name and arguments).</summary>
    public Socket OnAnyOutgoing(Action<string, object?[]> listener)
    {
        lock (_lock)
            _anyOutgoing = [.. _anyOutgoing, listener];
        return this;
    }

    /// <summary>
    /// Adds packet middleware: it sees each incoming event and calls <c>next</c> to continue. An
    /// exception stops the event and is passed to <see cref="OnError"/> listeners.
    /// </summary>
    public Socket Use(Func<SocketEvent, Func<ValueTask>, ValueTask> middleware)
    {
        lock (_lock)
            _packetMiddleware = [.. _packetMiddleware, middleware];
        return this;
    }

    /// <summary>Receives errors raised by packet middleware, and the decode error that ends the connection (Node's "error" event).</summary>
    public Socket OnError(Action<Exception> listener)
    {
        lock (_lock)
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
        if (packet.Data is null || !packet.Data.TryGetEventName(out var name))
            return;
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
        if (Server.Options.TraceEvents && Diagnostics.SocketIOTracing.Source.HasListeners())
        {
            DispatchTraced(e, handlers);
            return;
        }
        foreach (var handler in handlers)
        {
            try
            {
                var t = handler.Invoke(e);
                if (!t.IsCompletedSuccessfully)
                    _ = ClientFaults.ObserveHandlerAsync(this, t, e.Name);
            }
            catch (Exception ex)
            {
                ClientFaults.HandlerFailed(this, e.Name, ex);
            }
        }
    }

    // The span covers the handlers' synchronous part and, for async handlers, lasts until their tasks complete.
    private void DispatchTraced(SocketEvent e, Handler[] handlers)
    {
        var activity = Diagnostics.SocketIOTracing.Source.StartActivity(Diagnostics.SocketIOTracing.EventSpan, System.Diagnostics.ActivityKind.Server);
        if (activity is null)
        {
            foreach (var handler in handlers)
                Invoke(handler);
            return;
        }
        activity.SetTag("socketio.namespace", Namespace.Name);
        activity.SetTag("socketio.socket.id", Id);
        activity.SetTag("socketio.event.name", e.Name);
        List<Task>? pending = null;
        foreach (var handler in handlers)
        {
            if (Invoke(handler) is { } task)
                (pending ??= []).Add(task);
        }
        System.Diagnostics.Activity.Current = activity.Parent;
        if (pending is null)
        {
            activity.Dispose();
            return;
        }
        Task.WhenAll(pending).ContinueWith(static (t, s) =>
        {
            var span = (System.Diagnostics.Activity)s!;
            if (t.IsFaulted)
                span.SetStatus(System.Diagnostics.ActivityStatusCode.Error, t.Exception!.GetBaseException().Message);
            span.Dispose();
        }, activity, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        Task? Invoke(Handler handler)
        {
            try
            {
                var t = handler.Invoke(e);
                if (t.IsCompletedSuccessfully)
                    return null;
                var task = t.AsTask();
                _ = ClientFaults.ObserveHandlerAsync(this, new ValueTask(task), e.Name);
                return task;
            }
            catch (Exception ex)
            {
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
                ClientFaults.HandlerFailed(this, e.Name, ex);
                return null;
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
                var t = handler.Invoke(e);
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
