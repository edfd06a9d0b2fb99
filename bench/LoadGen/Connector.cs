namespace Bench.LoadGen;

internal static class Connector
{
    /// <summary>
    /// Opens <paramref name="count"/> connections, at most <see cref="Options.Concurrency"/> at a time.
    /// <paramref name="prepare"/> runs on each new connection inside the same concurrency slot (e.g. a join).
    /// <paramref name="url"/> defaults to <see cref="Options.Url"/>. Failed slots are null in the returned array.
    /// </summary>
    public static async Task<(WsConn?[] Connections, int Failed, string? FirstError)> OpenAsync(
        Options options,
        Wire wire,
        int count,
        MessageHandler? handler,
        Histogram? handshake = null,
        Func<WsConn, Task>? prepare = null,
        Uri? url = null)
    {
        var connections = new WsConn?[count];
        var failed = 0;
        string? firstError = null;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency };
        await Parallel.ForEachAsync(Enumerable.Range(0, count), parallel, async (i, _) =>
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                var started = Clock.Now;
                var connection = options.TcpPort is { } tcpPort
                    ? await WsConn.ConnectTcpAsync(wire, new System.Net.IPEndPoint(System.Net.IPAddress.Parse(options.Url.Host), tcpPort), SourceAddress(options, i), handler, timeout.Token)
                    : options.DotnetWebSocket
                        ? await WsConn.ConnectAsync(wire, url ?? options.Url, handler, timeout.Token)
                        : await WsConn.ConnectRawAsync(wire, url ?? options.Url, handler, timeout.Token);
                handshake?.Record(Clock.ToNanoseconds(Clock.Now - started));
                if (prepare is not null)
                {
                    try
                    {
                        await prepare(connection);
                    }
                    catch
                    {
                        connection.Abort();
                        throw;
                    }
                }

                connections[i] = connection;
            }
            catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or System.Net.Sockets.SocketException or OperationCanceledException or IOException
                or HttpRequestException or InvalidDataException or TimeoutException)
            {
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref firstError, e.GetBaseException().Message, null);
            }
        });

        return (connections, failed, firstError);
    }

    /// <summary>TCP: the source address of connection <paramref name="index"/> when several are used (127.0.0.1 + index mod K).</summary>
    private static System.Net.IPAddress? SourceAddress(Options options, int index) =>
        options.SourceAddresses <= 1 ? null : new System.Net.IPAddress(new byte[] { 127, 0, 0, (byte)(1 + index % options.SourceAddresses) });

    public static async Task CloseAllAsync(IEnumerable<WsConn?> connections)
    {
        foreach (var connection in connections)
        {
            connection?.Abort();
        }

        await Task.Yield();
    }
}
