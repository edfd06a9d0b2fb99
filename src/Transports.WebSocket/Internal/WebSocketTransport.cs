using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using SocketIO.Engine;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>
/// The WebSocket transport (docs/protocol.md#websocket) over the raw upgraded connection, framed here (RFC 6455): one engine
/// packet per frame, text frames for text and binary frames for binary. A receive loop feeds the
/// session; writes happen on demand and batch every queued frame into one stream write (see the Send
/// part). As an upgrade probe it only answers '2probe' until the client sends '5' (docs/protocol.md#upgrade).
/// </summary>
internal sealed partial class WebSocketTransport : IEngineTransport
{
    private static readonly byte[] PongProbeFrame = "3probe"u8.ToArray();

    private const ushort NormalClosure = 1000, ProtocolError = 1002, InvalidPayload = 1007, MessageTooBig = 1009;

    private readonly Stream _stream;
    private readonly PipeReader _input;
    private readonly ILogger _logger;
    private readonly int _maxMessageSize;
    private readonly TimeSpan _closeTimeout;
    private readonly CancellationTokenSource _abort = new();
    private readonly TaskCompletionSource _closeSentTask = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _active;
    private volatile bool _probing;
    private int _probeReplies;
    private int _closed;
    private ushort _closeStatus = NormalClosure;
    private volatile bool _closeRequested; // set after _closeStatus, so a writer that sees it reads the right status

    public WebSocketTransport(WebSocketAccept.Connection connection, bool supportsBinary, int maxMessageSize, TimeSpan closeTimeout, ILogger logger)
    {
        _stream = connection.Output;
        _input = connection.Input;
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

    public void Close() => Close(NormalClosure);

    /// <summary>Sends a close frame (once the writer is free) and gives the peer a grace period to answer it.</summary>
    private void Close(ushort status)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
            return;
        _closeStatus = status;
        _closeRequested = true;
        _abort.CancelAfter(_closeTimeout);
        TryStartWriter();
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
        try
        {
            // Packets queued before the session was attached (the open packet) are written now.
            if (HasWork() && Interlocked.CompareExchange(ref _writing, 1, 0) == 0)
                await WriteAsync().ConfigureAwait(false);
            var reason = await ReceiveLoopAsync(session).ConfigureAwait(false);
            session.OnTransportClosed(this, reason);
            Close();
            // Let the close frame leave before the request ends and the connection is dropped.
            await _closeSentTask.Task.WaitAsync(_closeTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // a writer is stuck on a peer that stopped reading; ending the request drops the connection
        }
        finally
        {
            Close();
            // Cancels anything still pending on the stream; a cancelled source owns no timer any more.
            _abort.Cancel();
            // Gives the reader's pooled buffers back (the stream itself is the request's to dispose).
            await _input.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Accepts nothing: closes a WebSocket that cannot join its session (already upgraded or upgrading).</summary>
    public async Task RefuseAsync()
    {
        Close();
        try
        {
            await _closeSentTask.Task.WaitAsync(_closeTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // the peer does not read; ending the request drops the connection
        }
        finally
        {
            _abort.Cancel();
            await _input.CompleteAsync().ConfigureAwait(false);
        }
    }
}
