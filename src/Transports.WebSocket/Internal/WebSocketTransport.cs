using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using SocketIO.Engine;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>
/// The WebSocket transport (docs/protocol.md#websocket) over the raw upgraded connection, framed here (RFC 6455): one engine
/// packet per frame, text frames for text and binary frames for binary. A receive loop feeds the
/// session; Core's <see cref="StreamTransport"/> writes on demand and batches every queued frame into
/// one write (see the Send part). As an upgrade probe it only answers '2probe' until the client
/// sends '5' (docs/protocol.md#upgrade). The bytes come from a pipe and go either to the server's
/// upgraded stream or, on a connection handed over (<see cref="ConnectionHandoff"/>), straight to the
/// connection's own pipe; the framing is the same.
/// </summary>
internal sealed partial class WebSocketTransport : StreamTransport
{
    private const ushort NormalClosure = 1000, ProtocolError = 1002, InvalidPayload = 1007, MessageTooBig = 1009;

    private readonly Stream? _stream;
    private readonly PipeWriter? _pipe;
    private readonly PipeReader _input;
    private readonly ILogger _logger;
    private readonly int _maxMessageSize;
    private readonly TimeSpan _closeTimeout;
    private readonly CancellationTokenSource _abort = new();
    private volatile bool _probing;
    private volatile bool _writeFailed;

    public WebSocketTransport(WebSocketAccept.Connection connection, bool supportsBinary, int maxMessageSize, TimeSpan closeTimeout, ILogger logger)
    {
        _stream = connection.Output;
        _pipe = connection.RawOutput;
        _input = connection.Input;
        SupportsBinary = supportsBinary;
        _maxMessageSize = maxMessageSize;
        _closeTimeout = closeTimeout;
        _logger = logger;
    }

    public override string Name => "websocket";

    /// <summary>False when the client asked for base64 (b64): binary messages then travel as 'b' text frames.</summary>
    public bool SupportsBinary { get; }

    /// <summary>How long the peer has to answer a close frame (and a stuck writer to give up).</summary>
    public TimeSpan CloseTimeout => _closeTimeout;

    public override void Close() => Close(NormalClosure);

    /// <summary>Sends a close frame (once the writer is free) and gives the peer a grace period to answer it.</summary>
    private void Close(ushort status)
    {
        if (RequestClose(status))
            _abort.CancelAfter(_closeTimeout);
    }

    /// <summary>
    /// Runs the connection until it ends. With <paramref name="probing"/> the transport is an upgrade
    /// candidate from <see cref="EngineServer.TryBeginUpgrade"/>; otherwise it is the session's transport.
    /// True when the end of the output (the close frame) was written: the connection may then close gracefully.
    /// </summary>
    public async Task<bool> RunAsync(EngineChannel channel, bool probing)
    {
        _probing = probing;
        Attach(channel, active: !probing);
        var ended = false;
        try
        {
            // Packets queued before the session was attached (the open packet) are written now.
            await WritePendingAsync().ConfigureAwait(false);
            // The receive loop is here, not in a method of its own: this method stays pending for the connection's
            // whole life, and a second pending method would be a second state machine on the heap per idle connection.
            string? reason = null;
            try
            {
                while (reason is null)
                    reason = OnRead(channel, await _input.ReadAsync(_abort.Token).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                if (!IsClosing)
                    TransportLog.TransportFailed(_logger, channel.Session.Id, Name, ex);
                reason = CloseReason.TransportError;
            }
            finally
            {
                ReleaseReceiveBuffers();
            }
            channel.OnTransportClosed(reason);
            Close();
            // Let the close frame leave before the request ends and the connection is dropped.
            await Ended.WaitAsync(_closeTimeout).ConfigureAwait(false);
            ended = !_writeFailed;
        }
        catch (TimeoutException)
        {
            // a writer is stuck on a peer that stopped reading; ending the request drops the connection
        }
        finally
        {
            await StopAsync().ConfigureAwait(false);
        }
        return ended;
    }

    /// <summary>Accepts nothing: closes a WebSocket that cannot join its session (already upgraded or upgrading).</summary>
    public async Task<bool> RefuseAsync()
    {
        Close();
        var ended = false;
        try
        {
            await Ended.WaitAsync(_closeTimeout).ConfigureAwait(false);
            ended = !_writeFailed;
        }
        catch (TimeoutException)
        {
            // the peer does not read; ending the request drops the connection
        }
        finally
        {
            await StopAsync().ConfigureAwait(false);
        }
        return ended;
    }

    private async ValueTask StopAsync()
    {
        Close();
        // Cancels anything still pending on the connection; a cancelled source owns no timer any more.
        _abort.Cancel();
        // Gives the reader's pooled buffers back (the output is its owner's to complete or dispose).
        await _input.CompleteAsync().ConfigureAwait(false);
    }
}
