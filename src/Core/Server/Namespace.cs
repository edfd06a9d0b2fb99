using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SocketIO.Adapters;
using SocketIO.Engine;
using SocketIO.Protocol;

namespace SocketIO;

/// <summary>
/// A Socket.IO namespace: its own connection middleware, connection handlers, sockets and rooms
/// (through its adapter). Obtained from <see cref="SocketIOServer.Of(string)"/>.
/// </summary>
public partial class Namespace
{
    private readonly ConcurrentDictionary<string, Socket> _sockets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<SocketEvent, ValueTask>[]> _serverSideHandlers = new(StringComparer.Ordinal);
    private Func<Socket, ValueTask>[] _middleware = [];
    private Func<Socket, ValueTask>[] _connectionHandlers = [];
    private long _ackIds;
    private Adapter? _adapter;

    internal Namespace(SocketIOServer server, string name, ParentNamespace? parent = null)
    {
        Server = server;
        Name = name;
        Parent = parent;
        if (parent is not null)
        {
            // Node copies the parent's middleware and listeners when the child is created.
            _middleware = parent._middleware;
            _connectionHandlers = parent._connectionHandlers;
        }
    }

    /// <summary>The namespace name, e.g. "/orders".</summary>
    public string Name { get; }

    /// <summary>The server.</summary>
    public SocketIOServer Server { get; }

    /// <summary>The parent namespace this one was created from, if dynamic.</summary>
    public ParentNamespace? Parent { get; }

    /// <summary>The adapter that holds this namespace's rooms.</summary>
    public Adapter Adapter => _adapter ?? throw new InvalidOperationException($"Namespace {Name} has no adapter.");

    /// <summary>Connected sockets on this node, by id.</summary>
    public IReadOnlyDictionary<string, Socket> Sockets => _sockets;

    /// <summary>Completes when the adapter has started; faults (with the namespace named) when it could not.</summary>
    internal Task AdapterReady { get; private set; } = Task.CompletedTask;

    internal void InitAdapter()
    {
        _adapter = Server.AdapterFactory.Create(new AdapterHost(this));
        Task init;
        try
        {
            init = _adapter.InitAsync();
        }
        catch (Exception ex)
        {
            init = Task.FromException(ex);
        }
        if (init.IsCompletedSuccessfully)
            return;
        AdapterReady = WhenStartedAsync(init);
        // Observed here so that a failure is logged even when nobody awaits AdapterReady.
        AdapterReady.ContinueWith(static (t, s) => ((Namespace)s!).Server.Log.AdapterInitFailed(((Namespace)s!).Name, t.Exception!.GetBaseException()),
            this, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task WhenStartedAsync(Task init)
    {
        try
        {
            await init.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw new AdapterException($"The adapter of namespace {Name} ({_adapter!.GetType().Name}) failed to start: {ex.Message}", ex);
        }
    }

    /// <summary>Adds connection middleware; it runs for each connecting socket in registration order. Throw to refuse.</summary>
    public virtual Namespace Use(Func<Socket, ValueTask> middleware)
    {
        lock (_serverSideHandlers)
            _middleware = [.. _middleware, middleware];
        return this;
    }

    /// <summary>Adds synchronous connection middleware. Throw to refuse.</summary>
    public Namespace Use(Action<Socket> middleware) => Use(s =>
    {
        middleware(s);
        return ValueTask.CompletedTask;
    });

    /// <summary>Runs <paramref name="handler"/> for every new socket ("connection").</summary>
    public virtual Namespace OnConnection(Func<Socket, ValueTask> handler)
    {
        lock (_serverSideHandlers)
            _connectionHandlers = [.. _connectionHandlers, handler];
        return this;
    }

    /// <summary>Runs <paramref name="handler"/> for every new socket ("connection").</summary>
    public Namespace OnConnection(Action<Socket> handler) => OnConnection(s =>
    {
        handler(s);
        return ValueTask.CompletedTask;
    });

    /// <summary>Listens for server-side emits from other nodes.</summary>
    public Namespace OnServerSideEmit(string eventName, Func<SocketEvent, ValueTask> handler)
    {
        lock (_serverSideHandlers)
            _serverSideHandlers[eventName] = _serverSideHandlers.TryGetValue(eventName, out var list) ? [.. list, handler] : [handler];
        return this;
    }

    internal long NextAckId() => Interlocked.Increment(ref _ackIds) - 1;

    internal async Task<Exception?> RunMiddlewareAsync(Socket socket)
    {
        foreach (var middleware in _middleware)
        {
            try
            {
                await middleware(socket).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                return ex;
            }
        }
        return null;
    }

    /// <summary>The namespace attribute of metrics: the name, or a dynamic child's parent pattern (bounded cardinality).</summary>
    internal string MetricName => Parent is null ? Name : Parent.Regex?.ToString() ?? Parent.Name;

    internal void Add(Socket socket)
    {
        _sockets[socket.Id] = socket;
        CountSocket(1);
        // Read before joining: an event stored between the two is then one the socket may have missed.
        if (socket.Pid is not null)
            socket.ConnectedOffset = Adapter.CurrentOffset;
        Adapter.AddAll(socket.Id, [socket.Id]);
    }

    // Connection state recovery: persists still running (an adapter that writes to a broker), by pid.
    private readonly ConcurrentDictionary<string, Task> _persisting = new(StringComparer.Ordinal);
    private static readonly TimeSpan PersistWait = TimeSpan.FromSeconds(5);

    /// <summary>Connection state recovery: stores a closing socket's session; a restore of that pid waits for it.</summary>
    internal void Persist(PersistedSession session)
    {
        ValueTask persisted;
        try
        {
            persisted = Adapter.PersistSessionAsync(session);
        }
        catch (Exception ex)
        {
            persisted = ValueTask.FromException(ex);
        }
        var task = Track(persisted, "session persist");
        if (task.IsCompleted)
            return;
        // A client that comes back at once may be faster than the broker (socket.io-redis-streams-adapter #26).
        _persisting[session.Pid] = task;
        task.ContinueWith(static (t, s) =>
        {
            var (persisting, pid) = ((ConcurrentDictionary<string, Task>, string))s!;
            persisting.TryRemove(new KeyValuePair<string, Task>(pid, t));
        }, (_persisting, session.Pid), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Waits (a bounded time) for the session persists still running.</summary>
    internal Task WaitForPersistsAsync() =>
        _persisting.IsEmpty ? Task.CompletedTask : Task.WhenAll(_persisting.Values).WaitAsync(PersistWait).ContinueWith(static _ => { }, TaskScheduler.Default);

    /// <summary>Connection state recovery: claims a persisted session in this namespace's adapter.</summary>
    internal async Task<PersistedSession?> RestoreAsync(string pid, string? offset)
    {
        if (_persisting.TryGetValue(pid, out var inFlight))
            await inFlight.WaitAsync(PersistWait).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var session = await Adapter.RestoreSessionAsync(pid, offset).ConfigureAwait(false);
        // Another connection of this namespace already holds the id (the old one is still open): not twice.
        return session is not null && _sockets.ContainsKey(session.Sid) ? null : session;
    }

    /// <summary>
    /// Connection state recovery: registers the restored socket, then lets the adapter join its rooms and write what it
    /// missed. False (nothing registered) when the adapter could not.
    /// </summary>
    internal async Task<bool> ResumeAsync(Socket socket, PersistedSession session)
    {
        if (!_sockets.TryAdd(socket.Id, socket))
            return false;
        CountSocket(1);
        socket.ConnectedOffset = Adapter.CurrentOffset;
        bool resumed;
        try
        {
            resumed = await Adapter.ResumeSessionAsync(socket, session).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Server.Log.HandlerFailed(Name, "session resume", ex);
            resumed = false;
        }
        if (!resumed && _sockets.TryRemove(new KeyValuePair<string, Socket>(socket.Id, socket)))
            CountSocket(-1);
        return resumed;
    }

    internal void RunConnectionHandlers(Socket socket)
    {
        foreach (var handler in _connectionHandlers)
        {
            try
            {
                var t = handler(socket);
                if (!t.IsCompletedSuccessfully)
                    _ = ObserveAsync(t.AsTask(), "connection handler");
            }
            catch (Exception ex)
            {
                Server.Log.HandlerFailed(Name, "connection handler", ex);
            }
        }
    }

    internal void Remove(Socket socket)
    {
        if (!_sockets.TryRemove(new KeyValuePair<string, Socket>(socket.Id, socket)))
            return;
        CountSocket(-1);
        if (_sockets.IsEmpty && Parent is not null && Server.Options.CleanupEmptyChildNamespaces)
            Server.RemoveChild(this);
    }

    internal void CountAckTimeout()
    {
        var metrics = Server.Metrics;
        metrics.Count(metrics.AckTimeouts, Diagnostics.SocketIOMetrics.NamespaceTag, MetricName);
    }

    internal void CountBroadcast()
    {
        var metrics = Server.Metrics;
        metrics.Count(metrics.Broadcasts, Diagnostics.SocketIOMetrics.NamespaceTag, MetricName);
    }

    private void CountSocket(int delta)
    {
        var metrics = Server.Metrics;
        metrics.Count(metrics.Sockets, Diagnostics.SocketIOMetrics.NamespaceTag, MetricName, delta);
    }

    internal async Task ObserveAsync(Task task, string what)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Server.Log.HandlerFailed(Name, what, ex);
        }
    }

    private sealed class AdapterHost(Namespace nsp) : IAdapterHost
    {
        public string Name => nsp.Name;
        public IPacketParser Parser => nsp.Server.Parser;
        public TimeProvider Time => nsp.Server.Time;
        public ILogger Logger => nsp.Server.Logger;
        public ConnectionStateRecoveryOptions? Recovery => nsp.Server.Options.ConnectionStateRecovery;
        Diagnostics.SocketIOMetrics? IAdapterHost.Metrics => nsp.Server.Metrics;
        string IAdapterHost.MetricName => nsp.MetricName;
        public long NextAckId() => nsp.NextAckId();

        public bool TryGetSocket(string id, out ILocalSocket socket)
        {
            if (nsp._sockets.TryGetValue(id, out var s))
            {
                socket = s;
                return true;
            }
            socket = null!;
            return false;
        }

        public void OnServerSideEmit(PacketData data, Action<PacketData?>? ack) => nsp.DeliverServerSideEmit(data, ack);
    }
}
