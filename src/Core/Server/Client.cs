using System.Text.Json;
using SocketIO.Engine;
using SocketIO.Protocol;

namespace SocketIO;

/// <summary>
/// One engine session seen from Socket.IO: decodes its messages and multiplexes namespace sockets
/// over it. A protocol violation closes the whole session; a namespace disconnect leaves the others.
/// </summary>
internal sealed class Client : IEngineSessionObserver
{
    private static readonly JsonElement EmptyAuth = JsonDocument.Parse("{}").RootElement;
    // SIO/client.ts close(): the server ends the connection itself; its sockets see this reason.
    private const string ForcedServerClose = "forced server close";
    // What a client hears when connection middleware fails by accident: its message may hold secrets.
    internal const string GenericConnectError = "Internal server error";
    private readonly SocketIOServer _server;
    private readonly IPacketDecoder _decoder;
    // Copy-on-write: the receive path reads it without a lock; joins and leaves replace it under _gate.
    private NameMap<Socket> _sockets = NameMap<Socket>.Empty;
    private readonly Lock _gate = new();
    private HashSet<string>? _connecting; // namespaces being connected; created on demand, dropped when empty
    private ITimer? _connectTimer;        // dropped once a namespace connects: a disposed timer still holds ~120 B
    private readonly long _issued;
    private string? _socketCloseReason;

    public Client(SocketIOServer server, EngineSession session)
    {
        _server = server;
        Session = session;
        _decoder = server.Parser.CreateDecoder();
        _issued = server.Time.GetUtcNow().ToUnixTimeMilliseconds();
        session.Observer = this;
        // v5: a client that joins no namespace within connectTimeout is dropped.
        _connectTimer = server.Time.CreateTimer(static s => ((Client)s!).OnConnectTimeout(), this, server.Options.ConnectTimeout, Timeout.InfiniteTimeSpan);
        server.Log.ClientConnected(session.Id, session.Transport.Name, session.Request.Address);
    }

    public EngineSession Session { get; }

    private void OnConnectTimeout()
    {
        if (_sockets.Count > 0)
            return;
        _server.Log.ConnectTimeout(Session.Id);
        Close();
    }

    void IEngineSessionObserver.OnMessage(EngineSession session, EnginePacket message) => OnMessage(message);

    void IEngineSessionObserver.OnClosed(EngineSession session, string reason) => OnSessionClosed(reason);

    private void OnMessage(EnginePacket message)
    {
        SocketPacket? packet;
        try
        {
            packet = _decoder.Decode(message);
        }
        catch (ProtocolException ex)
        {
            _server.Log.DecodeError(Session.Id, ex.Message);
            OnDecodeError(ex);
            return;
        }
        catch (Exception ex) when (!IsFatal(ex))
        {
            // A plug-in parser may fail in any way; that ends this client only, never the transport.
            _server.Log.ParserFailed(Session.Id, _server.Parser.Name, ex);
            OnDecodeError(ex);
            return;
        }
        if (packet is not null)
            Route(packet);
    }

    /// <summary>As socket.io's client.onerror: every socket's error listeners hear it, then the connection closes ("forced close").</summary>
    private void OnDecodeError(Exception error)
    {
        foreach (var socket in _sockets.Values())
            socket.RaiseError(error);
        Session.Close();
    }

    private static bool IsFatal(Exception ex) => ex is OutOfMemoryException or StackOverflowException or AccessViolationException;

    private void Route(SocketPacket packet)
    {
        var socket = _sockets.GetValueOrDefault(packet.Namespace);
        bool violation;
        if (packet.Type == PacketType.Connect)
        {
            lock (_gate)
                violation = socket is not null || !(_connecting ??= new HashSet<string>(StringComparer.Ordinal)).Add(packet.Namespace);
        }
        else
        {
            violation = socket is null || packet.Type == PacketType.ConnectError;
        }
        if (violation)
        {
            _server.Log.InvalidState(Session.Id, packet.Type.ToString(), packet.Namespace);
            Close();
            return;
        }
        if (packet.Type == PacketType.Connect)
            _ = ConnectAsync(packet);
        else
            socket!.OnPacket(packet);
    }

    private async Task ConnectAsync(SocketPacket packet)
    {
        var name = packet.Namespace;
        using var activity = Diagnostics.SocketIOTracing.Source.StartActivity(Diagnostics.SocketIOTracing.ConnectSpan, System.Diagnostics.ActivityKind.Server);
        activity?.SetTag("socketio.namespace", name);
        activity?.SetTag("socketio.engine.sid", Session.Id);
        try
        {
            var auth = packet.Data?.Root is { ValueKind: JsonValueKind.Object } root ? root : EmptyAuth;
            var nsp = await _server.ResolveNamespaceAsync(name, auth).ConfigureAwait(false);
            if (nsp is null)
            {
                // Not the requested name as the attribute: a client could make up any number of them.
                _server.Metrics.Count(_server.Metrics.ConnectErrors, Diagnostics.SocketIOMetrics.NamespaceTag, "(unknown)");
                Refuse(name, "Invalid namespace", null);
                return;
            }
            // A cluster adapter must be subscribed before its namespace's first socket joins; a failed start
            // was logged when it happened, and local delivery works without it.
            if (!nsp.AdapterReady.IsCompleted)
                await nsp.AdapterReady.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var handshake = CreateHandshake(auth);
            var restored = await TryRestoreAsync(nsp, auth).ConfigureAwait(false);
            var socket = new Socket(nsp, this, handshake, restored);
            var recovery = _server.Options.ConnectionStateRecovery;
            // socket.io's namespace _add: a recovered socket skips the middleware when so configured.
            var skip = restored is not null && recovery is { SkipMiddlewares: true } && !Session.IsClosed;
            if (!skip && !await PassesMiddlewareAsync(nsp, socket).ConfigureAwait(false))
                return;
            if (Session.IsClosed)
                return;
            if (restored is not null && !await nsp.ResumeAsync(socket, restored).ConfigureAwait(false))
            {
                // The events it missed went while it was being restored: a new socket, as for any refused recovery.
                socket.OnRefused();
                socket = new Socket(nsp, this, handshake);
                restored = null;
                if (skip && !await PassesMiddlewareAsync(nsp, socket).ConfigureAwait(false))
                    return;
                if (Session.IsClosed)
                    return;
            }
            lock (_gate)
            {
                DoneConnecting(name);
                _sockets = _sockets.With(name, socket);
            }
            StopConnectTimer();
            if (restored is null)
                nsp.Add(socket);
            socket.OnConnected();
            var reply = socket.Pid is { } pid
                ? new Dictionary<string, string> { ["sid"] = socket.Id, ["pid"] = pid }
                : new Dictionary<string, string> { ["sid"] = socket.Id };
            socket.SendPacket(new SocketPacket(PacketType.Connect, name, _server.Serializer.WriteValue(reply)), false);
            if (restored is not null)
                _server.Log.SocketRecovered(name, socket.Id, Session.Id);
            if (activity is not null)
            {
                activity.SetTag("socketio.socket.id", socket.Id);
                activity.SetTag("socketio.recovered", restored is not null);
            }
            _server.Log.SocketConnected(name, socket.Id, Session.Id);
            nsp.RunConnectionHandlers(socket);
        }
        catch (Exception ex)
        {
            _server.Log.HandlerFailed(name, "connect", ex);
            Refuse(name, GenericConnectError, null);
        }
        finally
        {
            lock (_gate)
                DoneConnecting(name);
        }
    }

    // Under _gate.
    private void DoneConnecting(string name)
    {
        if (_connecting is { } connecting && connecting.Remove(name) && connecting.Count == 0)
            _connecting = null;
    }

    private void StopConnectTimer() => Interlocked.Exchange(ref _connectTimer, null)?.Dispose();

    /// <summary>Runs the namespace's connection middleware; on a refusal, tells the client and returns false.</summary>
    private async Task<bool> PassesMiddlewareAsync(Namespace nsp, Socket socket)
    {
        var error = await nsp.RunMiddlewareAsync(socket).ConfigureAwait(false);
        if (error is null)
            return true;
        _server.Metrics.Count(_server.Metrics.ConnectErrors, Diagnostics.SocketIOMetrics.NamespaceTag, nsp.MetricName);
        socket.OnRefused();
        if (error is ConnectErrorException refusal)
        {
            // A deliberate refusal: its message and data are meant for the client.
            Refuse(nsp.Name, refusal.Message, refusal.ErrorData);
        }
        else
        {
            _server.Log.MiddlewareFailed(nsp.Name, socket.Id, Session.Id, error);
            Refuse(nsp.Name, GenericConnectError, null);
        }
        return false;
    }

    /// <summary>
    /// Connection state recovery (socket.io's namespace _createSocket): a client that sends a <c>pid</c> string, with an
    /// <c>offset</c> string or none at all, asks for its session back. Null when recovery is off or the session cannot be
    /// restored; an adapter that fails is logged and the client gets a new socket.
    /// </summary>
    private async Task<Adapters.PersistedSession?> TryRestoreAsync(Namespace nsp, JsonElement auth)
    {
        if (_server.Options.ConnectionStateRecovery is null
            || !auth.TryGetProperty("pid", out var pidValue) || pidValue.ValueKind != JsonValueKind.String)
            return null;
        string? offset = null;
        if (auth.TryGetProperty("offset", out var offsetValue))
        {
            if (offsetValue.ValueKind != JsonValueKind.String)
                return null;
            offset = offsetValue.GetString();
        }
        var pid = pidValue.GetString()!;
        try
        {
            var session = await nsp.RestoreAsync(pid, offset).ConfigureAwait(false);
            if (session is null)
                _server.Log.RecoveryRefused(nsp.Name, Session.Id);
            return session;
        }
        catch (Exception ex)
        {
            _server.Log.RecoveryFailed(nsp.Name, Session.Id, ex);
            return null;
        }
    }

    private void Refuse(string nsp, string message, object? data)
    {
        if (System.Diagnostics.Activity.Current is { OperationName: Diagnostics.SocketIOTracing.ConnectSpan } activity)
            activity.SetStatus(System.Diagnostics.ActivityStatusCode.Error, message);
        _server.Log.ConnectRefused(nsp, Session.Id, message);
        var payload = new Dictionary<string, object?> { ["message"] = message };
        if (data is not null)
            payload["data"] = data;
        var encoded = _server.Parser.Encode(new SocketPacket(PacketType.ConnectError, nsp, _server.Serializer.WriteValue(payload)));
        Session.Send(encoded);
    }

    private Handshake CreateHandshake(JsonElement auth)
    {
        var request = Session.Request;
        return new Handshake
        {
            Headers = request.Headers,
            Query = request.Query,
            Auth = auth,
            Address = request.Address,
            Issued = _issued,
            Url = request.Url,
            Secure = request.Secure,
            XDomain = request.Headers.ContainsKey("origin"),
            User = request.User,
            Features = request.Features,
            ClientCertificate = request.ClientCertificate,
        };
    }

    internal void RemoveSocket(Socket socket)
    {
        lock (_gate)
        {
            if (!_sockets.TryGetValue(socket.Namespace.Name, out var current) || current != socket)
                return;
            _sockets = _sockets.Without(socket.Namespace.Name);
        }
    }

    /// <summary>Disconnects every socket of this client (DISCONNECT each), then closes the engine session.</summary>
    internal void DisconnectAll()
    {
        foreach (var socket in Snapshot())
            socket.Disconnect();
        Close();
    }

    /// <summary>Node's <c>client.close()</c>: ends the engine session; remaining sockets see "forced server close".</summary>
    private void Close()
    {
        Volatile.Write(ref _socketCloseReason, ForcedServerClose);
        Session.Close();
    }

    private Socket[] Snapshot() => _sockets.Values();

    private void OnSessionClosed(string reason)
    {
        StopConnectTimer();
        reason = Volatile.Read(ref _socketCloseReason) ?? reason;
        foreach (var socket in Snapshot())
            socket.OnClose(reason);
    }
}
