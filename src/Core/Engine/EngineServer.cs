using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocketIO.Diagnostics;

namespace SocketIO.Engine;

/// <summary>
/// A transport-agnostic Engine.IO v4 server: it creates sessions for transports, tracks them by sid,
/// and raises <see cref="Connection"/> for each new one. It can be hosted alone as a bare engine.
/// Transports attach with <see cref="RegisterTransport"/> and join sessions through <see cref="Open"/>
/// and <see cref="TryBeginUpgrade"/>.
/// </summary>
public sealed partial class EngineServer
{
    private readonly ConcurrentDictionary<string, EngineSession> _sessions = new();

    /// <summary>Creates an engine server.</summary>
    public EngineServer(IOptions<EngineOptions> options, TimeProvider? timeProvider = null, ILogger<EngineServer>? logger = null, SocketIOMetrics? metrics = null)
        : this(options.Value, timeProvider, logger, metrics)
    {
    }

    /// <summary>Creates an engine server from options; <paramref name="metrics"/> are its own when null.</summary>
    public EngineServer(EngineOptions options, TimeProvider? timeProvider = null, ILogger? logger = null, SocketIOMetrics? metrics = null)
    {
        Metrics = metrics ?? new SocketIOMetrics();
        if (options.Validate() is { } error)
            throw new OptionsValidationException(nameof(EngineOptions), typeof(EngineOptions), [error]);
        Options = options;
        Time = timeProvider ?? TimeProvider.System;
        Logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The engine settings.</summary>
    public EngineOptions Options { get; }

    /// <summary>The instruments this engine records on (shared with its Socket.IO server).</summary>
    public SocketIOMetrics Metrics { get; }

    /// <summary>The clock used for heartbeats and timeouts.</summary>
    public TimeProvider Time { get; }

    internal ILogger Logger { get; }

    /// <summary>Number of open sessions.</summary>
    public int ClientsCount => _sessions.Count;

    /// <summary>Raised for every new session, after its open packet is queued.</summary>
    public event Action<EngineSession>? Connection;

    /// <summary>Looks up a session by sid.</summary>
    public bool TryGetSession(string sid, out EngineSession session) => _sessions.TryGetValue(sid, out session!);

    /// <summary>True once <see cref="Close"/> was called: no new session is opened.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    private int _closed;

    /// <summary>
    /// Opens a new session on <paramref name="transport"/>: queues the open packet, starts the heartbeat
    /// and raises <see cref="Connection"/>. Returns the transport's channel into the session.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server is closed; transports check <see cref="IsClosed"/> first.</exception>
    public EngineChannel Open(IEngineTransport transport, HandshakeRequest request)
    {
        if (IsClosed)
            throw new InvalidOperationException("The engine server is closed.");
        using var activity = SocketIOTracing.Source.StartActivity(SocketIOTracing.HandshakeSpan, System.Diagnostics.ActivityKind.Server);
        var session = new EngineSession(this, SessionId.New(), transport, request);
        if (activity is not null)
        {
            activity.SetTag("socketio.transport", transport.Name);
            activity.SetTag("socketio.engine.sid", session.Id);
            activity.SetTag("client.address", request.Address);
        }
        var channel = new EngineChannel(session, transport);
        _sessions[session.Id] = session;
        if (Metrics.Handshakes.Enabled)
            Metrics.Handshakes.Add(1);
        Metrics.Count(Metrics.Connections, SocketIOMetrics.TransportTag, transport.Name, 1);
        session.Start();
        try
        {
            Connection?.Invoke(session);
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Engine connection handler failed for {Sid}", session.Id);
            session.Close(CloseReason.ForcedClose, flush: false);
        }
        return channel;
    }

    /// <summary>
    /// Makes <paramref name="probe"/> the upgrade candidate of <paramref name="session"/> (docs/protocol.md#upgrade) and returns
    /// its channel; null when no upgrade is possible now (closed, already upgrading or upgraded, or not an
    /// upgrade <see cref="UpgradesFrom"/> allows).
    /// </summary>
    public EngineChannel? TryBeginUpgrade(EngineSession session, IEngineTransport probe) =>
        session.TryBeginUpgrade(probe) ? new EngineChannel(session, probe) : null;

    /// <summary>Stops accepting sessions and closes every open one.</summary>
    public void Close()
    {
        RefuseNewSessions();
        CloseAll();
    }

    internal void RefuseNewSessions() => Interlocked.Exchange(ref _closed, 1);

    /// <summary>Closes every session.</summary>
    public void CloseAll()
    {
        foreach (var session in _sessions.Values)
            session.Close(CloseReason.ForcedClose, flush: false);
    }

    internal void Remove(EngineSession session) => _sessions.TryRemove(new KeyValuePair<string, EngineSession>(session.Id, session));
}
