using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using SocketIO.Engine;
using SocketIO.Protocol;
using NetSocket = System.Net.Sockets.Socket;

namespace SocketIO.DeviceClient.Internal;

/// <summary>
/// One Engine.IO session over a TCP (or TLS) stream in Engine.IO's stream framing: the open handshake,
/// answers to the server's pings, a watchdog for a silent server, and one writer for outgoing frames.
/// </summary>
internal sealed class EngineConnection : IAsyncDisposable
{
    private readonly NetworkStream _network;
    private readonly Stream _stream;
    private readonly StreamFrameDecoder _decoder = new(int.MaxValue);
    private readonly Channel<EnginePacket> _outbox = Channel.CreateUnbounded<EnginePacket>(new UnboundedChannelOptions { SingleReader = true });
    private readonly PooledBufferWriter _frames = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Timer _watchdog;
    private string? _closeReason;
    private byte[] _leftover = [];
    private Task _writer = Task.CompletedTask;

    private EngineConnection(NetworkStream network, Stream stream)
    {
        _network = network;
        _stream = stream;
        _watchdog = new Timer(static s => ((EngineConnection)s!).Abort("ping timeout"), this, Timeout.Infinite, Timeout.Infinite);
    }

    public string Sid { get; private set; } = "";

    public TimeSpan PingInterval { get; private set; }

    public TimeSpan PingTimeout { get; private set; }

    /// <summary>Connects, authenticates TLS if asked, sends the open packet and reads the server's.</summary>
    public static async Task<EngineConnection> OpenAsync(SocketIOTcpClientOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        var socket = new NetSocket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        NetworkStream? network = null;
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, timeout.Token).ConfigureAwait(false);
            network = new NetworkStream(socket, ownsSocket: true);
            Stream stream = network;
            if (options.UseTls)
            {
                var ssl = new SslStream(network, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = options.TlsTargetHost ?? options.Host,
                    ClientCertificates = options.ClientCertificates,
                    RemoteCertificateValidationCallback = options.ServerCertificateValidation,
                }, timeout.Token).ConfigureAwait(false);
            }
            var connection = new EngineConnection(network, stream);
            await connection.HandshakeAsync(timeout.Token).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            if (network is not null)
                await network.DisposeAsync().ConfigureAwait(false);
            else
                socket.Dispose();
            throw;
        }
    }

    // docs/protocol.md#stream-framing: a new session is opened with an open packet without data; the server answers with its handshake.
    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        Span<byte> open = [0x01, (byte)'0'];
        await _stream.WriteAsync(open.ToArray(), cancellationToken).ConfigureAwait(false);
        var buffer = new byte[4096];
        while (true)
        {
            var read = await _stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
                throw new IOException("The server closed the connection during the handshake.");
            ReadOnlySpan<byte> data = buffer.AsSpan(0, read);
            var result = _decoder.TryRead(ref data, out var binary, out var payload, out var error);
            if (result == StreamFrameDecoder.Result.NeedMore)
                continue;
            if (result == StreamFrameDecoder.Result.Invalid || binary || payload.Length < 2 || payload[0] != (byte)'0')
                throw new IOException($"Unexpected handshake from the server: {error ?? Encoding.UTF8.GetString(payload)}");
            using var json = JsonDocument.Parse(payload.AsMemory(1));
            var root = json.RootElement;
            Sid = root.GetProperty("sid").GetString() ?? "";
            PingInterval = TimeSpan.FromMilliseconds(root.GetProperty("pingInterval").GetDouble());
            PingTimeout = TimeSpan.FromMilliseconds(root.GetProperty("pingTimeout").GetDouble());
            // Whatever followed the open packet in the same read is handled by the read loop.
            _leftover = data.ToArray();
            return;
        }
    }

    /// <summary>Queues a packet (or a packet group) for the writer.</summary>
    public bool Send(EnginePacket[] packets)
    {
        foreach (var packet in packets)
            if (!_outbox.Writer.TryWrite(packet))
                return false;
        return true;
    }

    /// <summary>Reads and writes until the connection ends; returns the close reason ("transport close", "ping timeout", ...).</summary>
    public async Task<string> RunAsync(Action<EnginePacket> onMessage)
    {
        ArmWatchdog();
        _writer = WriteLoopAsync();
        var reason = _leftover.Length > 0 ? OnBytes(_leftover, onMessage) : null;
        reason ??= await ReadLoopAsync(onMessage).ConfigureAwait(false);
        reason = Volatile.Read(ref _closeReason) ?? reason;
        _outbox.Writer.TryComplete();
        _stop.Cancel();
        await _writer.ConfigureAwait(false);
        await DisposeAsync().ConfigureAwait(false);
        return reason;
    }

    // EIO4: the server pings every pingInterval; silence beyond pingInterval + pingTimeout means it is gone.
    private void ArmWatchdog() => _watchdog.Change(PingInterval + PingTimeout, Timeout.InfiniteTimeSpan);

    private async Task<string> ReadLoopAsync(Action<EnginePacket> onMessage)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                    return "transport close";
                var data = new ReadOnlyMemory<byte>(buffer, 0, read);
                if (OnBytes(data.Span, onMessage) is { } reason)
                    return reason;
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            return "transport error";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _decoder.Release();
        }
    }

    private string? OnBytes(ReadOnlySpan<byte> data, Action<EnginePacket> onMessage)
    {
        while (!data.IsEmpty)
        {
            switch (_decoder.TryRead(ref data, out var binary, out var payload, out _))
            {
                case StreamFrameDecoder.Result.NeedMore:
                    return null;
                case StreamFrameDecoder.Result.Invalid:
                    return "parse error";
            }
            if (binary)
            {
                onMessage(EnginePacket.FromBinary(payload));
                continue;
            }
            EnginePacket packet;
            try
            {
                packet = EnginePacket.FromTextFrame(payload);
            }
            catch (EngineProtocolException)
            {
                return "parse error";
            }
            switch (packet.Type)
            {
                case EnginePacketType.Ping:
                    ArmWatchdog();
                    _outbox.Writer.TryWrite(PongPacket);
                    break;
                case EnginePacketType.Message:
                    onMessage(packet);
                    break;
                case EnginePacketType.Close:
                    return "transport close";
            }
        }
        return null;
    }

    private static readonly EnginePacket PongPacket = EnginePacket.FromText(EnginePacketType.Pong, "");

    private async Task WriteLoopAsync()
    {
        var reader = _outbox.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                _frames.Reset();
                while (_frames.WrittenCount < 64 * 1024 && reader.TryRead(out var packet))
                {
                    var payload = packet.Frame.Span;
                    var span = _frames.GetSpan(StreamFrame.MaxHeaderSize + payload.Length);
                    var header = StreamFrame.WriteHeader(span, packet.IsBinary, payload.Length);
                    payload.CopyTo(span[header..]);
                    _frames.Advance(header + payload.Length);
                }
                await _stream.WriteAsync(_frames.WrittenMemory, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            Abort("transport error");
        }
        finally
        {
            _frames.Clear();
        }
    }

    /// <summary>Ends the connection; the run loop returns <paramref name="reason"/>.</summary>
    public void Abort(string reason)
    {
        Interlocked.CompareExchange(ref _closeReason, reason, null);
        try
        {
            _stop.Cancel();
            _network.Socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
        {
        }
    }

    /// <summary>Closes the stream after what is queued has been written (a client close).</summary>
    public async Task CloseAsync()
    {
        Interlocked.CompareExchange(ref _closeReason, "io client disconnect", null);
        _outbox.Writer.TryComplete();
        try
        {
            // Let the writer flush what is queued (a DISCONNECT packet), then end the stream.
            await _writer.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            _network.Socket.Shutdown(SocketShutdown.Send);
        }
        catch (TimeoutException)
        {
            Abort("io client disconnect");
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _watchdog.DisposeAsync().ConfigureAwait(false);
        _stop.Cancel();
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
