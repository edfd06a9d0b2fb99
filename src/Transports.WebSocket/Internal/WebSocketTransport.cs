using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using SocketIO.Engine;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>
/// The WebSocket transport (WIRE 1.5): one engine packet per frame, text frames for text and binary
/// frames for binary. A receive loop feeds the session; a send loop, the only writer of the socket,
/// drains it. As an upgrade probe it only answers '2probe' until the client sends '5' (WIRE 1.6).
/// </summary>
internal sealed partial class WebSocketTransport : IEngineTransport
{
    private static readonly ReadOnlyMemory<byte> PongProbeFrame = "3probe"u8.ToArray();

    private readonly System.Net.WebSockets.WebSocket _socket;
    private readonly ILogger _logger;
    private readonly int _maxMessageSize;
    private readonly TimeSpan _closeTimeout;
    private readonly CancellationTokenSource _closing = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly SemaphoreSlim _probeSignal = new(0);
    private volatile bool _active;
    private volatile bool _probing;
    private int _probeReplies;
    private int _closed;
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;

    public WebSocketTransport(System.Net.WebSockets.WebSocket socket, bool supportsBinary, int maxMessageSize, TimeSpan closeTimeout, ILogger logger)
    {
        _socket = socket;
        SupportsBinary = supportsBinary;
        _maxMessageSize = maxMessageSize;
        _closeTimeout = closeTimeout;
        _logger = logger;
    }

    public string Name => "websocket";

    public bool IsBatching => false;

    public bool SupportsBinary { get; }

    // Nothing is ever held on a WebSocket.
    public void ReleasePending()
    {
    }

    public void Close() => Close(WebSocketCloseStatus.NormalClosure);

    /// <summary>Stops both loops: the send loop sends a close frame, and the peer gets a grace period to answer it.</summary>
    private void Close(WebSocketCloseStatus status)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
            return;
        _closeStatus = status;
        try
        {
            _closing.Cancel();
            _abort.CancelAfter(_closeTimeout);
        }
        catch (ObjectDisposedException)
        {
            // the connection already ended
        }
    }

    /// <summary>
    /// Runs the connection until it ends. With <paramref name="probing"/> the transport is an upgrade
    /// candidate registered with <see cref="EngineSession.TryBeginUpgrade"/>; otherwise it is the session's transport.
    /// </summary>
    public async Task RunAsync(EngineSession session, bool probing)
    {
        _probing = probing;
        _active = !probing;
        try
        {
            var sending = SendLoopAsync(session);
            var reason = await ReceiveLoopAsync(session).ConfigureAwait(false);
            session.OnTransportClosed(this, reason);
            Close();
            await sending.ConfigureAwait(false);
        }
        finally
        {
            Close();
            _closing.Dispose();
            _abort.Dispose();
            _probeSignal.Dispose();
        }
    }

    /// <summary>Accepts nothing: closes a WebSocket that cannot join its session (already upgraded or upgrading).</summary>
    public async Task RefuseAsync()
    {
        using var timeout = new CancellationTokenSource(_closeTimeout);
        try
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            _socket.Abort();
        }
    }
}
