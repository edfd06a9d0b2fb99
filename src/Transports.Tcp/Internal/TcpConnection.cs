using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using NetSocket = System.Net.Sockets.Socket;
using System.Security.Cryptography.X509Certificates;
using SocketIO.Engine;

namespace SocketIO.Transports.Tcp.Internal;

/// <summary>
/// One device connection: a TCP (or TLS) stream carrying Engine.IO packets in the stream framing of
/// <see cref="StreamFrame"/>. The client opens with an <c>open</c> packet and no data, the server answers
/// with its open packet, then everything is Engine.IO v4 as on any transport (docs/protocol.md#stream-framing). It owns no
/// thread or timer: a receive loop parked on a zero-byte read while idle, Core's
/// <see cref="StreamTransport"/> writer, and deadlines checked by <see cref="ConnectionSet"/>.
/// </summary>
internal sealed partial class TcpConnection : StreamTransport
{
    private static readonly IReadOnlyDictionary<string, string> TcpQuery = new Dictionary<string, string> { ["EIO"] = "4", ["transport"] = TcpTransportContext.TransportName };

    private readonly NetSocket _socket;
    private readonly TcpTransportContext _context;
    private readonly SslServerAuthenticationOptions? _tls;
    private readonly string _address;
    private Stream? _stream;
    private X509Certificate2? _clientCertificate;
    private long _deadline; // a timestamp after which the sweep drops the connection; 0 for none
    private int _aborted;

    public TcpConnection(NetSocket socket, TcpTransportContext context, SslServerAuthenticationOptions? tls)
    {
        _socket = socket;
        _context = context;
        _tls = tls;
        _address = socket.RemoteEndPoint is IPEndPoint remote
            ? (remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address).ToString()
            : "";
        _decoder = new StreamFrameDecoder(context.Engine.Options.MaxHttpBufferSize);
    }

    public override string Name => TcpTransportContext.TransportName;

    private string Sid => Channel?.Session.Id ?? "-";

    /// <summary>Runs the connection until it ends; never throws.</summary>
    public async Task RunAsync()
    {
        _context.Connections.Add(this);
        // TLS and the open packet must both arrive within the handshake timeout.
        Volatile.Write(ref _deadline, _context.DeadlineAfter(_context.Options.HandshakeTimeout));
        var reason = CloseReason.TransportClose;
        try
        {
            _stream = await OpenStreamAsync().ConfigureAwait(false);
            if (_stream is not null)
            {
                // The receive loop, inline: one state machine per connection instead of two.
                while (true)
                {
                    await _stream.ReadAsync(Memory<byte>.Empty).ConfigureAwait(false);
                    if (await ReadAvailableAsync(_stream).ConfigureAwait(false) is { } outcome)
                    {
                        reason = outcome;
                        break;
                    }
                }
            }
        }
        catch (Exception ex)
        {
            reason = CloseReason.TransportError;
            if (Volatile.Read(ref _aborted) == 0 && !IsClosing)
                TcpLog.TransportFailed(_context.Logger, _address, Sid, ex);
        }
        try
        {
            Channel?.OnTransportClosed(reason);
            Close();
            // Let what is still queued (and the end of the stream) go out before the socket is dropped.
            await Ended.WaitAsync(_context.Options.CloseTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // the peer does not read; dropping the socket ends the stuck write
        }
        finally
        {
            Abort();
            ReleaseReceiveState();
            _context.Connections.Remove(this);
        }
    }

    private async Task<Stream?> OpenStreamAsync()
    {
        var network = new NetworkStream(_socket, ownsSocket: true);
        if (_tls is null)
        {
            // Sends try a non-blocking write first (see WriteToStreamAsync); awaited reads and writes are unaffected.
            _socket.Blocking = false;
            return network;
        }
        var ssl = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsServerAsync(_tls, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (Volatile.Read(ref _aborted) == 0)
                TcpLog.TlsFailed(_context.Logger, _address, ex.Message);
            await ssl.DisposeAsync().ConfigureAwait(false);
            return null;
        }
        if (ssl.RemoteCertificate is { } presented)
            _clientCertificate = presented as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        return ssl;
    }

    /// <summary>The open packet arrived: a new session on this connection (the transport has no upgrade).</summary>
    private string? Open()
    {
        var engine = _context.Engine;
        if (engine.IsClosed)
            return Refuse("the server is closing");
        Volatile.Write(ref _deadline, 0);
        var request = new HandshakeRequest
        {
            Query = TcpQuery,
            Address = _address,
            Secure = _tls is not null,
            ClientCertificate = _clientCertificate,
        };
        // The open packet queued by Open is written when this dispatch ends.
        Attach(engine.Open(this, request), active: true);
        return null;
    }

    /// <summary>Logs why the connection ends; the receive loop returns the reason it gives the session.</summary>
    private string Refuse(string why)
    {
        TcpLog.Refused(_context.Logger, _address, Sid, why);
        return CloseReason.TransportError;
    }

    /// <summary>Ends the stream once everything queued is written; the peer then has CloseTimeout to close its side.</summary>
    public override void Close()
    {
        if (!RequestClose(0))
            return;
        Volatile.Write(ref _deadline, _context.DeadlineAfter(_context.Options.CloseTimeout));
        _ = HalfCloseAsync();
    }

    private async Task HalfCloseAsync()
    {
        await Ended.ConfigureAwait(false);
        try
        {
            if (_stream is SslStream ssl)
                await ssl.ShutdownAsync().ConfigureAwait(false);
            // A FIN, not a reset: the device reads everything before the end of the stream.
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // already gone
        }
    }

    /// <summary>Called by the sweep: a connection past its deadline (handshake or close) is dropped.</summary>
    public void CheckDeadline(long now)
    {
        var deadline = Volatile.Read(ref _deadline);
        if (deadline == 0 || now < deadline)
            return;
        if (Channel is null && !IsClosing)
            TcpLog.Refused(_context.Logger, _address, Sid, $"no open packet within the handshake timeout ({_context.Options.HandshakeTimeout.TotalMilliseconds} ms)");
        Abort();
    }

    /// <summary>Drops the socket: pending reads and writes fail and the connection ends.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
            return;
        Volatile.Write(ref _deadline, 0);
        try
        {
            if (_stream is { } stream)
                stream.Dispose();
            else
                _socket.Dispose();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // already gone
        }
        _socket.Dispose();
    }

    /// <summary>Drops the connection if it has not opened a session yet (host shutdown).</summary>
    public void AbortIfNotOpen()
    {
        if (Channel is null)
            Abort();
    }
}
