using System.Buffers;
using System.Net;
using System.Net.Http;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;

namespace Bench.LoadGen;

/// <summary>
/// Handles one received application message. Runs on the connection's receive loop; it may
/// build a reply in <see cref="WsConn.Scratch"/> and return its length (0 = no reply).
/// </summary>
internal delegate int MessageHandler(WsConn connection, ReadOnlySpan<byte> message);

/// <summary>
/// A client WebSocket (or, with --tcp-port, a raw TCP connection in the Engine.IO stream framing; see
/// WsConn.Tcp.cs) with a single receive loop. For Socket.IO targets it performs the
/// Engine.IO open / Socket.IO CONNECT handshake and answers every ping for its whole life.
/// </summary>
internal sealed partial class WsConn
{
    private const int MaxMessageBytes = 1 << 20;

    private static readonly byte[] Pong = "3"u8.ToArray();
    private static readonly byte[] ConnectMain = "40"u8.ToArray();
    private static readonly HttpMessageInvoker Invoker = new(new SocketsHttpHandler
    {
        UseProxy = false,
        ConnectTimeout = TimeSpan.FromSeconds(15),
        AutomaticDecompression = DecompressionMethods.None,
        MaxConnectionsPerServer = int.MaxValue,
    });

    private static int s_unexpectedCloses;
    private static string? s_firstCloseReason;

    private readonly ClientWebSocket? _socket;
    private readonly Wire _wire;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private byte[] _receive;
    private MessageHandler? _handler;
    private volatile bool _stopping;

    private WsConn(ClientWebSocket? socket, Wire wire)
    {
        _socket = socket;
        _wire = wire;
        _receive = ArrayPool<byte>.Shared.Rent(2048);
    }

    /// <summary>Reply frames built on the receive loop.</summary>
    public byte[] Scratch { get; } = new byte[512];

    /// <summary>Frames built outside the receive loop (first request, broadcasts).</summary>
    public byte[] Outgoing { get; } = new byte[512];

    // Per-connection scenario state.
    public long PendingId;
    public long SentAt;
    public TaskCompletionSource? Signal;

    public Task Completion { get; private set; } = Task.CompletedTask;

    public static int UnexpectedCloses => Volatile.Read(ref s_unexpectedCloses);

    public static string? FirstCloseReason => Volatile.Read(ref s_firstCloseReason);

    /// <summary>Opens the socket, completes the Socket.IO handshake when needed, then starts the receive loop.</summary>
    public static async Task<WsConn> ConnectAsync(Wire wire, Uri baseUrl, MessageHandler? handler, CancellationToken cancellation)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        var connection = new WsConn(socket, wire) { _handler = handler };
        return await connection.OpenAsync(async () =>
        {
            await socket.ConnectAsync(wire.WebSocketUri(baseUrl), Invoker, cancellation);
            if (wire.IsSocketIo)
            {
                await connection.HandshakeAsync(cancellation);
            }
        });
    }

    /// <summary>Runs the connection's opening steps, drops it if they fail, and starts its receive loop.</summary>
    private async Task<WsConn> OpenAsync(Func<Task> open)
    {
        try
        {
            await open();
        }
        catch
        {
            Abort();
            throw;
        }

        Completion = ReceiveLoopAsync();
        return this;
    }

    public void SetHandler(MessageHandler handler) => Volatile.Write(ref _handler, handler);

    /// <summary>Sends one text frame; sends from the receive loop and from outside are serialised.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync(ReadOnlyMemory<byte> frame)
    {
        await _sendLock.WaitAsync();
        try
        {
            if (_tcp is not null)
            {
                await (_wsFraming ? SendWsFrameAsync(OpText, frame) : SendTcpAsync(frame));
                return;
            }

            await _socket!.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Drops the connection without a closing handshake.</summary>
    public void Abort()
    {
        _stopping = true;
        _socket?.Abort();
        _tcp?.Dispose();
    }

    /// <summary>Closes politely (WebSocket close handshake), falling back to an abort.</summary>
    public async Task CloseAsync(TimeSpan timeout)
    {
        _stopping = true;
        if (_socket is null)
        {
            if (_wsFraming)
            {
                try
                {
                    using var cts = new CancellationTokenSource(timeout);
                    await SendWsFrameAsync(OpClose, new byte[] { 0x03, 0xE8 }).AsTask().WaitAsync(cts.Token); // 1000, normal closure
                }
                catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException or ObjectDisposedException or TimeoutException)
                {
                }
            }

            _tcp?.Dispose();
            return;
        }

        try
        {
            using var cts = new CancellationTokenSource(timeout);
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
        }

        _socket.Abort();
    }

    private async Task HandshakeAsync(CancellationToken cancellation)
    {
        var length = await ReceiveMessageAsync(cancellation);
        if (length < 2 || _receive[0] != '0')
        {
            throw new InvalidDataException("expected an Engine.IO open packet");
        }

        await SendAsync(ConnectMain);
        while (true)
        {
            length = await ReceiveMessageAsync(cancellation);
            if (length == 1 && _receive[0] == '2')
            {
                await SendAsync(Pong);
                continue;
            }

            var message = _receive.AsSpan(0, length);
            if (message.StartsWith("40"u8))
            {
                return;
            }

            if (message.StartsWith("44"u8))
            {
                throw new InvalidDataException("Socket.IO CONNECT refused: " + System.Text.Encoding.UTF8.GetString(message));
            }
        }
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                var length = await ReceiveMessageAsync(CancellationToken.None);
                if (length < 0)
                {
                    break;
                }

                if (_wire.IsSocketIo && length == 1 && _receive[0] == '2')
                {
                    await SendAsync(Pong);
                    continue;
                }

                var handler = Volatile.Read(ref _handler);
                if (handler is null || length == 0)
                {
                    continue;
                }

                var reply = handler(this, _receive.AsSpan(0, length));
                if (reply > 0)
                {
                    await SendAsync(Scratch.AsMemory(0, reply));
                }
            }

            NoteClose("closed by server");
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException or InvalidDataException or IOException or System.Net.Sockets.SocketException)
        {
            NoteClose(e.Message);
        }
        finally
        {
            var buffer = _receive;
            _receive = [];
            ArrayPool<byte>.Shared.Return(buffer);
            Signal?.TrySetResult();
        }
    }

    private void NoteClose(string reason)
    {
        if (!_stopping)
        {
            Interlocked.Increment(ref s_unexpectedCloses);
            Interlocked.CompareExchange(ref s_firstCloseReason, reason, null);
        }
    }

    /// <summary>Receives one whole message into the receive buffer; returns its length, or -1 on close.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReceiveMessageAsync(CancellationToken cancellation)
    {
        if (_tcp is not null)
        {
            return await ReceiveTcpMessageAsync(cancellation);
        }

        var length = 0;
        while (true)
        {
            if (length == _receive.Length)
            {
                if (length >= MaxMessageBytes)
                {
                    throw new InvalidDataException("message too large");
                }

                var bigger = ArrayPool<byte>.Shared.Rent(length * 2);
                _receive.AsSpan(0, length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_receive);
                _receive = bigger;
            }

            var result = await _socket!.ReceiveAsync(_receive.AsMemory(length), cancellation);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return -1;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return length;
            }
        }
    }
}
