using System.Net;
using System.Net.Sockets;

namespace SocketIO.TestSupport;

/// <summary>
/// A TCP relay on 127.0.0.1, in the manner of a load balancer: each new connection goes to the port it targets at that
/// moment, or is closed at once while it refuses. Clients that connect through it can be sent to another node when they
/// reconnect. Closing either side of a relayed connection closes the other.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private readonly Task _accepting;
    private int _target;

    private TcpRelay(int target)
    {
        _target = target;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Starts relaying new connections to <paramref name="targetPort"/> on 127.0.0.1.</summary>
    public static TcpRelay Start(int targetPort) => new(targetPort);

    /// <summary>The port clients connect to.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The base address clients connect to, <c>http://127.0.0.1:P</c>.</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Sends new connections to <paramref name="port"/>; those already relayed stay where they are.</summary>
    public void ForwardTo(int port) => Volatile.Write(ref _target, port);

    /// <summary>Closes new connections at once (no node to send them to) until <see cref="ForwardTo"/>.</summary>
    public void Refuse() => Volatile.Write(ref _target, 0);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = RelayAsync(client, Volatile.Read(ref _target));
        }
    }

    private async Task RelayAsync(TcpClient client, int port)
    {
        using var upstream = new TcpClient();
        lock (_connections)
            _connections.AddRange([client, upstream]);
        try
        {
            if (port == 0)
                return;
            await upstream.ConnectAsync(IPAddress.Loopback, port, _stop.Token);
            using var done = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var up = PipeAsync(client.GetStream(), upstream.GetStream(), done.Token);
            var down = PipeAsync(upstream.GetStream(), client.GetStream(), done.Token);
            await Task.WhenAny(up, down);
            done.Cancel();
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            client.Dispose();
            lock (_connections)
            {
                _connections.Remove(client);
                _connections.Remove(upstream);
            }
        }
    }

    private static async Task PipeAsync(Stream from, Stream to, CancellationToken token)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, token)) > 0)
                await to.WriteAsync(buffer.AsMemory(0, read), token);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Stops listening and closes every relayed connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections)
                connection.Dispose();
            _connections.Clear();
        }
        await _accepting.WaitAsync(Repo.Timeout);
    }
}
