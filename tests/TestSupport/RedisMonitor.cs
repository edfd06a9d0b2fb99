namespace SocketIO.TestSupport;

/// <summary>
/// A MONITOR connection to a <see cref="RedisServer"/>: every command the server executes, as redis prints it
/// (e.g. <c>1700000000.123456 [0 127.0.0.1:50000] "PUBLISH" "socket.io-request#/#" "{…}"</c>).
/// Lets a test wait until a node has really published something, instead of sleeping.
/// </summary>
public sealed class RedisMonitor : IAsyncDisposable
{
    private readonly RespConnection _connection;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Done)> _waiters = [];
    private int _consumed;
    private Task _loop = Task.CompletedTask;

    private RedisMonitor(RespConnection connection) => _connection = connection;

    internal static async Task<RedisMonitor> StartAsync(int port)
    {
        using var cts = new CancellationTokenSource(Repo.Timeout);
        var connection = await RespConnection.ConnectAsync(port, cts.Token);
        var reply = await connection.ExecuteAsync(["MONITOR"], cts.Token);
        if (reply as string != "OK")
            throw new InvalidOperationException($"MONITOR answered {reply}");
        var monitor = new RedisMonitor(connection);
        monitor._loop = monitor.ReadLoopAsync();
        return monitor;
    }

    /// <summary>Every line seen so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
                return [.. _lines];
        }
    }

    /// <summary>
    /// The first line matching <paramref name="match"/> that arrived after the line returned by the previous call
    /// (or since the start); fails the test after <paramref name="timeout"/> (default <see cref="Repo.Timeout"/>).
    /// </summary>
    public async Task<string> WaitForAsync(Func<string, bool> match, string what, TimeSpan? timeout = null)
    {
        TaskCompletionSource<string> done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            for (var i = _consumed; i < _lines.Count; i++)
            {
                if (match(_lines[i]))
                {
                    _consumed = i + 1;
                    return _lines[i];
                }
            }
            _waiters.Add((match, done));
        }
        try
        {
            return await done.Task.WaitAsync(timeout ?? Repo.Timeout);
        }
        catch (TimeoutException)
        {
            lock (_lines)
                _waiters.RemoveAll(w => w.Done == done);
            Assert.Fail($"redis MONITOR saw no command matching {what} within {(timeout ?? Repo.Timeout).TotalSeconds} s. Last lines:\n{string.Join('\n', Lines.TakeLast(20))}");
            throw;
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var line = await _connection.ReadLineAsync(_stop.Token);
                if (line.Length > 0 && line[0] == '+')
                    line = line[1..];
                lock (_lines)
                {
                    _lines.Add(line);
                    for (var w = 0; w < _waiters.Count; w++)
                    {
                        if (_waiters[w].Match(line))
                        {
                            _consumed = _lines.Count;
                            _waiters[w].Done.TrySetResult(line);
                            _waiters.RemoveAt(w);
                            break;
                        }
                    }
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (EndOfStreamException)
        {
            // redis-server went away (killed by the test); the lines so far stay readable.
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Closes the MONITOR connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _connection.DisposeAsync();
        try
        {
            await _loop.WaitAsync(Repo.Timeout);
        }
        catch (TimeoutException)
        {
        }
        _stop.Dispose();
    }
}
