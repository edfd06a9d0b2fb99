using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using System.Diagnostics.Metrics;
using SocketIO.Adapters;
using SocketIO.Diagnostics;
using SocketIO.Engine;
using SocketIO.Protocol;
using SocketIO.Serialization;

namespace SocketIO;

/// <summary>
/// The Socket.IO server (Node's <c>io</c>). Server-level <see cref="Use(Func{Socket, ValueTask})"/>,
/// <see cref="OnConnection(Action{Socket})"/> and broadcasts act on the main namespace "/".
/// </summary>
public sealed partial class SocketIOServer : IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<string, Namespace> _namespaces = new(StringComparer.Ordinal);
    private readonly Lock _registry = new();
    private ParentNamespace[] _parents = [];
    private int _disposed;

    /// <summary>Creates a server; usually resolved from DI after <c>services.AddSocketIO()</c>.</summary>
    public SocketIOServer(
        IOptions<SocketIOOptions> options,
        IPacketParser? parser = null,
        IAdapterFactory? adapterFactory = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IServiceProvider? services = null,
        IEnumerable<ISocketIOServerSetup>? setups = null,
        IMeterFactory? meterFactory = null)
    {
        var o = options.Value;
        if (o.Validate() is { } error)
            throw new OptionsValidationException(nameof(SocketIOOptions), typeof(SocketIOOptions), [error]);
        Options = o;
        ServiceProvider = services;
        Time = timeProvider ?? TimeProvider.System;
        loggerFactory ??= NullLoggerFactory.Instance;
        Logger = loggerFactory.CreateLogger<SocketIOServer>();
        Log = new ServerLog(Logger);
        Parser = parser ?? new JsonPacketParser(new ParserOptions { MaxAttachments = o.MaxAttachments, MaxDepth = o.MaxJsonDepth, MaxNamespaceLength = o.MaxNamespaceLength });
        AdapterFactory = adapterFactory ?? new InMemoryAdapterFactory();
        Serializer = new PayloadSerializer(o.JsonSerializerOptions);
        Metrics = new SocketIOMetrics(meterFactory);
        Engine = new EngineServer(o, Time, loggerFactory.CreateLogger<EngineServer>(), Metrics);
        Engine.Connection += session => _ = new Client(this, session);
        Of("/");
        foreach (var setup in setups ?? [])
            setup.Configure(this);
    }

    /// <summary>The settings.</summary>
    public SocketIOOptions Options { get; }

    /// <summary>The Engine.IO server that transports attach to.</summary>
    public EngineServer Engine { get; }

    /// <summary>The server's instruments (meter <c>SocketIO</c>; docs/monitoring.md).</summary>
    public SocketIOMetrics Metrics { get; }

    /// <summary>The packet parser.</summary>
    public IPacketParser Parser { get; }

    /// <summary>Serializer for event arguments.</summary>
    public PayloadSerializer Serializer { get; }

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; }

    internal IAdapterFactory AdapterFactory { get; }

    /// <summary>The application's services (DI root), when the server came from DI: handlers resolve from scopes of it.</summary>
    internal IServiceProvider? ServiceProvider { get; }

    internal ILogger Logger { get; }

    internal ServerLog Log { get; }

    /// <summary>Number of open engine connections.</summary>
    public int ClientsCount => Engine.ClientsCount;

    /// <summary>The main namespace "/" (Node's <c>io.sockets</c>).</summary>
    public Namespace Sockets => _namespaces["/"];

    /// <summary>Every namespace that exists now, static and dynamic children.</summary>
    public IReadOnlyDictionary<string, Namespace> Namespaces => _namespaces;

    /// <summary>Raised when a namespace is created (static or a dynamic child).</summary>
    public event Action<Namespace>? NewNamespace;

    /// <summary>
    /// Gets or creates a namespace. A new name that matches a regex parent becomes that parent's
    /// child, as in Node.
    /// </summary>
    /// <remarks>
    /// The name is literal, never a pattern: <c>Of(@"^/tenant-\d+$")</c> creates a namespace with exactly
    /// that name (and logs a warning). Use <see cref="Of(Regex)"/> to accept every name matching a pattern.
    /// </remarks>
    public Namespace Of(string name)
    {
        if (!name.StartsWith('/'))
            name = "/" + name;
        if (name.Contains(','))
            throw new ArgumentException("Namespace names cannot contain ','.", nameof(name));
        if (_namespaces.TryGetValue(name, out var existing))
            return existing;
        lock (_registry)
        {
            if (_namespaces.TryGetValue(name, out existing))
                return existing;
            var parent = _parents.FirstOrDefault(p => p.Regex?.IsMatch(name) == true);
            Namespace nsp;
            if (parent is not null)
            {
                nsp = parent.CreateChild(name);
            }
            else
            {
                WarnIfPattern(name);
                nsp = new Namespace(this, name);
                nsp.InitAdapter();
            }
            _namespaces[name] = nsp;
            RaiseNewNamespace(nsp);
            return nsp;
        }
    }

    /// <summary>Creates a parent namespace whose children are the names matching <paramref name="regex"/>.</summary>
    /// <remarks>
    /// <para>
    /// A client connecting to a name that matches (e.g. <c>/tenant-42</c> for <c>^/tenant-\d+$</c>) gets a
    /// child namespace of that name, with this parent's middleware and connection handlers. The regex
    /// sees the whole name with its leading slash; anchor it with <c>^…$</c> or it matches substrings.
    /// </para>
    /// <para>
    /// .NET regexes are not JavaScript's: <c>\d</c> matches any Unicode decimal digit (e.g. Arabic-Indic
    /// digits) and <c>\w</c> any Unicode letter or digit, where Node's match only ASCII. For Node's
    /// behaviour, create the regex with <see cref="RegexOptions.ECMAScript"/>, or write <c>[0-9]</c> and
    /// <c>[A-Za-z0-9_]</c>.
    /// </para>
    /// </remarks>
    public ParentNamespace Of(Regex regex) => AddParent(new ParentNamespace(this, (name, _) => ValueTask.FromResult(regex.IsMatch(name)), regex));

    /// <summary>Creates a parent namespace whose children are the names the predicate accepts (name, auth).</summary>
    public ParentNamespace Of(Func<string, JsonElement, ValueTask<bool>> predicate) => AddParent(new ParentNamespace(this, predicate, null));

    /// <summary>Creates a parent namespace with a synchronous predicate.</summary>
    public ParentNamespace Of(Func<string, JsonElement, bool> predicate) =>
        AddParent(new ParentNamespace(this, (n, a) => ValueTask.FromResult(predicate(n, a)), null));

    private ParentNamespace AddParent(ParentNamespace parent)
    {
        lock (_registry)
            _parents = [.. _parents, parent];
        return parent;
    }

    /// <summary>Resolution order (docs/protocol.md#dynamic-namespaces): an existing namespace, then parents in registration order.</summary>
    internal async ValueTask<Namespace?> ResolveNamespaceAsync(string name, JsonElement auth)
    {
        if (_namespaces.TryGetValue(name, out var existing))
            return existing;
        if (name.Length > Options.MaxNamespaceLength)
            return null;
        foreach (var parent in _parents)
        {
            bool accepted;
            try
            {
                accepted = await parent.MatchesAsync(name, auth).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.HandlerFailed(parent.Name, "namespace predicate", ex);
                accepted = false;
            }
            if (!accepted)
                continue;
            lock (_registry)
            {
                if (_namespaces.TryGetValue(name, out existing))
                    return existing;
                var child = parent.CreateChild(name);
                _namespaces[name] = child;
                RaiseNewNamespace(child);
                return child;
            }
        }
        return null;
    }

    internal void RemoveChild(Namespace child)
    {
        lock (_registry)
        {
            if (!child.Sockets.IsEmpty() || !_namespaces.TryRemove(new KeyValuePair<string, Namespace>(child.Name, child)))
                return;
            child.Parent?.RemoveChild(child);
        }
        _ = child.ObserveAsync(child.Adapter.DisposeAsync().AsTask(), "adapter close");
    }

    private void RaiseNewNamespace(Namespace nsp)
    {
        try
        {
            NewNamespace?.Invoke(nsp);
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(nsp.Name, "new namespace handler", ex);
        }
    }

    /// <summary>
    /// Starts every namespace's adapter and waits until all have started (a cluster adapter subscribes and
    /// announces itself). The generic host calls it through the hosted service that <c>AddSocketIO</c> registers;
    /// namespaces created later start their adapter when they are created.
    /// </summary>
    /// <exception cref="AdapterException">An adapter could not start; the message names the namespace.</exception>
    /// <exception cref="InvalidOperationException"><see cref="Engine.EngineOptions.Transports"/> names a transport that no one registered.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        // Every transport has attached by now (MapSocketIO, AddTcpTransport): a listed name none provides is a setup error.
        Engine.ValidateTransports();
        var pending = _namespaces.Values.Select(n => n.AdapterReady).Where(t => !t.IsCompletedSuccessfully).ToArray();
        if (pending.Length > 0)
            await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True once <see cref="CloseAsync"/> (or dispose) has begun.</summary>
    public bool IsClosed => System.Threading.Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Node's <c>io.close()</c>: refuses new connections, disconnects every socket with reason
    /// "server shutting down" (no DISCONNECT packets, as in Node), closes every engine session and every
    /// adapter (a cluster adapter leaves the cluster), then completes. Calling it again does nothing.
    /// </summary>
    public async Task CloseAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        Engine.RefuseNewSessions();
        foreach (var nsp in _namespaces.Values)
            foreach (var socket in nsp.Sockets.Values.ToArray())
                socket.OnClose("server shutting down");
        Engine.Close();
        foreach (var nsp in _namespaces.Values)
        {
            try
            {
                // Sessions persisted for "server shutting down" reach the broker before the adapter leaves it.
                await nsp.WaitForPersistsAsync().ConfigureAwait(false);
                await nsp.Adapter.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.AdapterOperationFailed(nsp.Name, "close", ex);
            }
        }
        Metrics.Dispose();
    }

    /// <summary>Closes the server; see <see cref="CloseAsync"/>.</summary>
    public void Dispose() => CloseAsync().GetAwaiter().GetResult();

    /// <summary>Closes the server; see <see cref="CloseAsync"/>.</summary>
    public ValueTask DisposeAsync() => new(CloseAsync());
}

internal static class ReadOnlyDictionaryExtensions
{
    public static bool IsEmpty<TKey, TValue>(this IReadOnlyDictionary<TKey, TValue> dictionary) => dictionary.Count == 0;
}
