using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace SocketIO.AdminUI.Internal;

/// <summary>
/// Node's <c>instrument(io, opts)</c> (socketio/socket.io-admin-ui, lib/index.ts) for one server: the admin namespace
/// and its login, the commands, the stats tick and, in development mode, the live socket, room and event listeners.
/// Everything for the UI is a broadcast on the admin namespace, so that the adapter carries it to every node's UI.
/// </summary>
internal sealed partial class AdminInstrumentation
{
    private readonly SocketIOServer _server;
    private readonly AdminUIOptions _options;
    private readonly IAdminUISessionStore _store;
    private readonly ILogger _logger;
    private readonly EventBuffer _events;
    private readonly EngineObserver _engine;
    private readonly SocketSerializer _serializer;
    // Session ids created by the login middleware, sent once the socket is connected (see OnAdminConnection).
    private readonly ConditionalWeakTable<Socket, string> _newSessions = [];
    private readonly string[] _features;
    private Namespace _admin = null!;

    public AdminInstrumentation(SocketIOServer server, AdminUIOptions options, IAdminUISessionStore store, ILogger logger)
    {
        _server = server;
        _options = options;
        _store = store;
        _logger = logger;
        _events = new EventBuffer(server.Time);
        _engine = new EngineObserver(server, _events);
        _serializer = new SocketSerializer(server, logger);
        ServerId = options.ServerId ?? HostName;
        // detectSupportedFeatures: a read-only UI gets none of the commands.
        _features = [.. options.ReadOnly ? [] : (string[])["EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT"],
            "AGGREGATED_EVENTS", .. IsDevelopment ? (string[])["ALL_EVENTS"] : []];
    }

    public string ServerId { get; }

    private bool IsDevelopment => _options.Mode == AdminUIMode.Development;

    /// <summary>Sets up the admin namespace and the listeners; runs when the server is created, before the application's setups.</summary>
    public void Attach()
    {
        _admin = _server.Of(_options.NamespaceName);
        if (_options.Auth is null)
            AdminUILog.AuthenticationDisabled(_logger, _admin.Name);
        else
            _admin.Use(AuthenticateAsync);
        _admin.OnConnection(OnAdminConnection);
        if (IsDevelopment)
        {
            _server.NewNamespace += Observe;
            foreach (var nsp in _server.Namespaces.Values)
                Observe(nsp);
        }
        AdminUILog.Started(_logger, _admin.Name, ServerId, _options.Mode, _options.ReadOnly);
    }

    private ValueTask OnAdminConnection(Socket socket)
    {
        // Sent right after the CONNECT reply: the UI listens for "session" from its "connect" handler on, and
        // socket.io-client hands events received before CONNECT to the listeners before "connect" fires.
        if (_newSessions.TryGetValue(socket, out var sessionId))
        {
            _newSessions.Remove(socket);
            socket.Emit("session", sessionId);
        }
        // A server without the generic host never calls StartAsync: the first UI starts the stats.
        Start();
        RegisterCommands(socket);
        socket.Emit("config", AdminJson.ToElement(new AdminConfig(_features)));
        return IsDevelopment ? SendAllSocketsAsync(socket) : ValueTask.CompletedTask;
    }

    /// <summary><c>all_sockets</c>: every socket of every namespace of this server, on every node (fetchSockets).</summary>
    private async ValueTask SendAllSocketsAsync(Socket admin)
    {
        var namespaces = _server.Namespaces.Values.ToArray();
        var fetched = await Task.WhenAll(namespaces.Select(FetchAsync)).ConfigureAwait(false);
        admin.Emit("all_sockets", AdminJson.ToElement(fetched.SelectMany(s => s).ToList()));

        async Task<IEnumerable<SerializedSocket>> FetchAsync(Namespace nsp)
        {
            try
            {
                var sockets = await nsp.FetchSocketsAsync().ConfigureAwait(false);
                return sockets.Select(s => _serializer.Serialize(s, nsp.Name));
            }
            catch (Exception ex)
            {
                AdminUILog.FetchFailed(_logger, nsp.Name, ex);
                return [];
            }
        }
    }

    /// <summary>Sends an event to every admin socket of the cluster.</summary>
    private void Broadcast(string eventName, params object?[] args) => _admin.Emit(eventName, args);

    private string Now() => AdminJson.Timestamp(_server.Time.GetUtcNow());

    private static JsonElement Json<T>(T value) => AdminJson.ToElement(value);
}
