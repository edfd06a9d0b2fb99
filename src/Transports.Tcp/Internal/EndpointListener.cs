using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using NetSocket = System.Net.Sockets.Socket;

namespace SocketIO.Transports.Tcp.Internal;

/// <summary>Accepts connections on one endpoint and starts each on the thread pool.</summary>
internal sealed class EndpointListener(TcpEndpointOptions options, SslServerAuthenticationOptions? tls, TcpTransportContext context)
{
    private NetSocket? _socket;
    private Task _acceptLoop = Task.CompletedTask;

    /// <summary>The bound endpoint (with the port chosen when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket!.LocalEndPoint!;

    public void Start()
    {
        var endPoint = options.EndPoint;
        var socket = new NetSocket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.Address.Equals(IPAddress.IPv6Any))
                socket.DualMode = true;
            socket.Bind(endPoint);
            socket.Listen(context.Options.Backlog);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new InvalidOperationException($"The TCP transport cannot listen on {endPoint}: {ex.Message}", ex);
        }
        _socket = socket;
        TcpLog.Listening(context.Logger, LocalEndPoint, tls is null ? "" : " (TLS)");
        _acceptLoop = AcceptLoopAsync(socket);
    }

    private async Task AcceptLoopAsync(NetSocket listener)
    {
        while (true)
        {
            NetSocket accepted;
            try
            {
                accepted = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.OperationAborted)
            {
                return;
            }
            catch (SocketException ex)
            {
                // Out of descriptors, or a connection reset before it was accepted: go on after a pause.
                TcpLog.AcceptFailed(context.Logger, options.EndPoint, ex);
                await Task.Delay(50).ConfigureAwait(false);
                continue;
            }
            try
            {
                accepted.NoDelay = context.Options.NoDelay;
            }
            catch (SocketException)
            {
                accepted.Dispose();
                continue;
            }
            var connection = new TcpConnection(accepted, context, tls);
            // The first bytes may already be there: run the connection off the accept loop.
            ThreadPool.UnsafeQueueUserWorkItem(static c => _ = c.RunAsync(), connection, preferLocal: false);
        }
    }

    /// <summary>Stops accepting; connections already accepted go on.</summary>
    public Task StopAsync()
    {
        _socket?.Dispose();
        return _acceptLoop;
    }
}
