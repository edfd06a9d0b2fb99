using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using SocketIO.Engine;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>
/// The WebSocket transport (WIRE 1.5): one engine packet per frame, text frames for text and binary
/// frames for binary. A receive loop feeds the session; writes happen on demand (see the Send part).
/// As an upgrade probe it only answers '2probe' until the client sends '5' (WIRE 1.6).
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
    private readonly TaskCompletionSource _closeOutputDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
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

    /// <summary>Sends a close frame (once the writer is free) and gives the peer a grace period to answer it.</summary>
    private void Close(WebSocketCloseStatus status)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
            return;
        _closeStatus = status;
        _closing.Cancel();
        _abort.CancelAfter(_closeTimeout);
        if (Interlocked.CompareExchange(ref _writing, 1, 0) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>
    /// Runs the connection until it ends. With <paramref name="probing"/> the transport is an upgrade
    /// candidate registered with <see cref="EngineSession.TryBeginUpgrade"/>; otherwise it is the session's transport.
    /// </summary>
    public async Task RunAsync(EngineSession session, bool probing)
    {
        _probing = probing;
        _active = !probing;
        _session = session;
        // Packets queued before the session was attached (the open packet) are written now.
        if (HasWork() && Interlocked.CompareExchange(ref _writing, 1, 0) == 0)
            await WriteAsync().ConfigureAwait(false);
        try
        {
            var reason = await ReceiveLoopAsync(session).ConfigureAwait(false);
            session.OnTransportClosed(this, reason);
            Close();
            // The peer already answered (or the grace period ran out); give the close frame a moment to leave.
            await _closeOutputDone.Task.WaitAsync(_closeTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // a writer is stuck on a peer that stopped reading; ending the request drops the connection
        }
        finally
        {
            Close();
            // Cancels anything still pending on the socket; the CancellationTokenSources own no timer after this.
            _abort.Cancel();
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
