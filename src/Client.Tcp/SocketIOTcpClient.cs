using System.Collections.Concurrent;
using SocketIO.DeviceClient.Internal;
using SocketIO.Engine;
using SocketIO.Protocol;
using SocketIO.Serialization;

namespace SocketIO.DeviceClient;

/// <summary>
/// A Socket.IO client for devices and gateways over the server's raw TCP transport (plain or TLS), as
/// socket.io-client's <c>Manager</c>: one connection, several namespace sockets over it
/// (<see cref="Socket"/>), the heartbeat answered, and reconnection with backoff after the connection is lost.
/// </summary>
/// <example>
/// <code>
/// await using var client = new SocketIOTcpClient(new SocketIOTcpClientOptions { Host = "10.0.0.5", Port = 5000 });
/// var devices = client.Socket("/devices", new { token = "secret" });
/// devices.On("command", e => e.Ack("done"));
/// await client.ConnectAsync();
/// await devices.WaitConnectedAsync();
/// var reply = await devices.EmitWithAckAsync("telemetry", new { temperature = 21.5 });
/// </code>
/// </example>
public sealed class SocketIOTcpClient : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, DeviceSocket> _sockets = new(StringComparer.Ordinal);
    private readonly IPacketParser _parser;
    private readonly CancellationTokenSource _life = new();
    private readonly Backoff _backoff;
    private volatile EngineConnection? _engine;
    private IPacketDecoder? _decoder;
    private Task _run = Task.CompletedTask;
    private int _disposed;

    /// <summary>Creates a client; nothing connects until <see cref="ConnectAsync"/>.</summary>
    public SocketIOTcpClient(SocketIOTcpClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _parser = options.Parser ?? new JsonPacketParser(new ParserOptions());
        Serializer = new PayloadSerializer(options.JsonSerializerOptions);
        _backoff = new Backoff(options.ReconnectionDelay, options.ReconnectionDelayMax, options.RandomizationFactor);
    }

    /// <summary>The settings.</summary>
    public SocketIOTcpClientOptions Options { get; }

    /// <summary>The engine session id of the current connection; null while disconnected.</summary>
    public string? EngineId => _engine?.Sid;

    /// <summary>True while the connection is open.</summary>
    public bool IsOpen => _engine is not null;

    /// <summary>Raised after a lost connection is open again, with the number of attempts it took.</summary>
    public event Action<int>? Reconnected;

    /// <summary>Raised when the connection is lost, with the reason ("transport close", "ping timeout", ...).</summary>
    public event Action<string>? Closed;

    /// <summary>Raised when a handler throws; the client goes on.</summary>
    public event Action<string, string, Exception>? HandlerFailed;

    internal PayloadSerializer Serializer { get; }

    /// <summary>The socket of namespace <paramref name="nsp"/> (created on first use) with its CONNECT payload <paramref name="auth"/>.</summary>
    public DeviceSocket Socket(string nsp = "/", object? auth = null)
    {
        if (!nsp.StartsWith('/'))
            nsp = "/" + nsp;
        return _sockets.GetOrAdd(nsp, n => new DeviceSocket(this, n, auth));
    }

    /// <summary>
    /// Opens the connection and connects every socket created so far (and the main one when none was).
    /// Later losses are repaired in the background when <see cref="SocketIOTcpClientOptions.Reconnection"/> is on.
    /// </summary>
    /// <exception cref="IOException">The first connection could not be made.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_sockets.IsEmpty)
            Socket("/");
        foreach (var socket in _sockets.Values)
            if (!socket.IsActive)
                socket.Connect();
        var engine = await EngineConnection.OpenAsync(Options, cancellationToken).ConfigureAwait(false);
        Attach(engine);
        _run = RunAsync(engine);
    }

    private void Attach(EngineConnection engine)
    {
        _decoder = _parser.CreateDecoder();
        _engine = engine;
        foreach (var socket in _sockets.Values)
            if (socket.IsActive)
                SendConnect(socket);
    }

    private async Task RunAsync(EngineConnection engine)
    {
        while (true)
        {
            var reason = await engine.RunAsync(OnMessage).ConfigureAwait(false);
            _engine = null;
            foreach (var socket in _sockets.Values)
                socket.OnClosed(reason);
            Closed?.Invoke(reason);
            if (_disposed != 0 || !Options.Reconnection || reason == "io client disconnect")
                return;
            if (await ReconnectAsync().ConfigureAwait(false) is not { } next)
                return;
            engine = next;
        }
    }

    private async Task<EngineConnection?> ReconnectAsync()
    {
        _backoff.Reset();
        while (_disposed == 0 && _backoff.Attempts < Options.ReconnectionAttempts)
        {
            try
            {
                await Task.Delay(_backoff.Next(), _life.Token).ConfigureAwait(false);
                var engine = await EngineConnection.OpenAsync(Options, _life.Token).ConfigureAwait(false);
                Attach(engine);
                Reconnected?.Invoke(_backoff.Attempts);
                return engine;
            }
            catch (OperationCanceledException) when (_life.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
            {
                // the server is still away: try again after a longer delay
            }
        }
        return null;
    }

    private void OnMessage(EnginePacket message)
    {
        SocketPacket? packet;
        try
        {
            packet = _decoder!.Decode(message);
        }
        catch (ProtocolException)
        {
            _engine?.Abort("parse error");
            return;
        }
        if (packet is not null && _sockets.TryGetValue(packet.Namespace, out var socket))
            socket.OnPacket(packet);
    }

    internal void SendConnect(DeviceSocket socket)
    {
        if (_engine is not null)
            Send(new SocketPacket(PacketType.Connect, socket.Namespace, socket.AuthData));
    }

    internal bool Send(SocketPacket packet) => _engine is { } engine && engine.Send(_parser.Encode(packet));

    internal void OnHandlerFailed(string nsp, string eventName, Exception error) => HandlerFailed?.Invoke(nsp, eventName, error);

    /// <summary>Disconnects every socket, ends the connection and stops reconnecting.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _life.Cancel();
        foreach (var socket in _sockets.Values)
            socket.Disconnect();
        if (_engine is { } engine)
            await engine.CloseAsync().ConfigureAwait(false);
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _engine?.Abort("io client disconnect");
        }
    }
}
