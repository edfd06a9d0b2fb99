using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace SocketIO.Adapters.Redis.Internal.Streams;

/// <summary>
/// Reads one stream for every namespace of this server that uses it, one entry at a time in stream order, as Node's
/// <c>startPolling</c> does (socketio/socket.io-redis-streams-adapter, lib/adapter.ts): <c>XREAD BLOCK … COUNT …</c>
/// from the last id read, on a Redis connection of its own.
/// </summary>
/// <remarks>
/// StackExchange.Redis multiplexes every command of a connection over one socket and has no blocking commands: an
/// <c>XREAD BLOCK</c> on the shared connection would hold every other command of the server behind it for up to
/// <see cref="RedisAdapterOptions.BlockTime"/>. Polling without BLOCK would add its interval to every broadcast (this
/// node's own included, which are delivered here in stream order). So the reader opens a second connection that carries
/// nothing but its own XREAD, with a command timeout longer than the block time, and no subscription socket.
/// </remarks>
internal sealed class StreamReader : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);
    private readonly RedisConnection _connection;
    private readonly RedisAdapterOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, StreamsRedisAdapter> _adapters = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(StreamId Target, TaskCompletionSource Reached)> _waiters = [];
    private IConnectionMultiplexer? _multiplexer;
    private StreamId _position = StreamId.Zero;
    private Task _loop = Task.CompletedTask;
    private string? _lastError;

    public StreamReader(string stream, RedisConnection connection, RedisAdapterOptions options, ILogger logger)
    {
        Stream = stream;
        _connection = connection;
        _options = options;
        _logger = logger;
    }

    /// <summary>The stream's key.</summary>
    public string Stream { get; }

    /// <summary>The last entry handled: every namespace's entries up to it have been delivered, none after it.</summary>
    public StreamId Position => Volatile.Read(ref _position);

    /// <summary>How many namespaces read through this reader.</summary>
    public int Count => _adapters.Count;

    /// <summary>
    /// Opens the reader's connection and starts at the stream's newest entry (Node starts at <c>$</c>; a concrete id
    /// loses nothing added between this call and the first XREAD).
    /// </summary>
    public async Task StartAsync()
    {
        _multiplexer = await _connection.OpenDedicatedAsync("redis stream reader", config =>
        {
            var timeout = (int)Math.Min(int.MaxValue, (_options.BlockTime + TimeSpan.FromSeconds(10)).TotalMilliseconds);
            config.AsyncTimeout = timeout;
            config.SyncTimeout = timeout;
            // Only XREAD goes through this connection: no subscription socket.
            config.CommandMap = CommandMap.Create(new HashSet<string> { "SUBSCRIBE" }, available: false);
        }).ConfigureAwait(false);
        try
        {
            var newest = await _multiplexer.GetDatabase().StreamRangeAsync(Stream, "-", "+", 1, Order.Descending).ConfigureAwait(false);
            _position = newest.Length == 0 ? StreamId.Zero : StreamId.Parse(newest[0].Id!);
        }
        catch (Exception ex)
        {
            await _multiplexer.DisposeAsync().ConfigureAwait(false);
            throw new AdapterException($"Reading stream {Stream} failed: {ex.Message}", ex);
        }
        _loop = Task.Run(ReadLoopAsync);
    }

    public void Add(StreamsRedisAdapter adapter) => _adapters[adapter.Host.Name] = adapter;

    public void Remove(StreamsRedisAdapter adapter) => _adapters.TryRemove(new KeyValuePair<string, StreamsRedisAdapter>(adapter.Host.Name, adapter));

    /// <summary>Moves the position past an entry; a namespace's entries move it while they hold that namespace's delivery lock.</summary>
    internal void Advance(StreamId id) => Volatile.Write(ref _position, id);

    /// <summary>Completes when the reader has handled every entry up to <paramref name="target"/>; false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitUntilAsync(StreamId target, TimeSpan timeout)
    {
        TaskCompletionSource reached;
        lock (_waiters)
        {
            if (Position >= target)
                return true;
            reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((target, reached));
        }
        try
        {
            await reached.Task.WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            lock (_waiters)
                _waiters.RemoveAll(w => w.Reached == reached);
            return false;
        }
    }

    private async Task ReadLoopAsync()
    {
        var db = _multiplexer!.GetDatabase();
        var block = ((long)_options.BlockTime.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        var count = _options.ReadCount.ToString(CultureInfo.InvariantCulture);
        while (!_stop.IsCancellationRequested)
        {
            RedisResult result;
            try
            {
                result = await db.ExecuteAsync("XREAD", "BLOCK", block, "COUNT", count, "STREAMS", Stream, Position.Text).ConfigureAwait(false);
                _lastError = null;
            }
            catch (Exception ex) when (!_stop.IsCancellationRequested)
            {
                // The connection logs its own outage once; other failures (a key that is not a stream) once each.
                if (ex is not (RedisConnectionException or RedisTimeoutException) && ex.Message != _lastError)
                    RedisLog.ReadFailed(_logger, Stream, ex.Message);
                _lastError = ex.Message;
                try
                {
                    await Task.Delay(RetryDelay, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
                continue;
            }
            catch
            {
                break;
            }
            if (!result.IsNull)
                Dispatch(result);
            ReleaseWaiters();
        }
    }

    // XREAD's reply: RESP2 [[key, entries]], or a RESP3 map {key: entries}; each entry [id, [field, value, …]].
    private void Dispatch(RedisResult result)
    {
        var streams = (RedisResult[])result!;
        var isMap = result.Resp3Type == ResultType.Map;
        for (var i = 0; i < streams.Length; i += isMap ? 2 : 1)
        {
            var entries = isMap ? streams[i + 1] : ((RedisResult[])streams[i]!)[1];
            foreach (var item in (RedisResult[])entries!)
            {
                var parts = (RedisResult[])item!;
                if (!StreamId.TryParse((string?)parts[0], out var id) || id <= Position)
                    continue;
                var entry = RawStreamEntry.From(id, parts.Length > 1 && !parts[1].IsNull ? (RedisResult[])parts[1]! : []);
                if (entry.Nsp is { } nsp && _adapters.TryGetValue(nsp, out var adapter))
                {
                    try
                    {
                        adapter.OnStreamEntry(entry, this);
                    }
                    catch (Exception ex)
                    {
                        RedisLog.DroppedEntry(_logger, nsp, id.Text, Stream, ex.Message);
                        Advance(id);
                    }
                    continue;
                }
                // Node skips entries without a namespace, and those of namespaces it does not serve.
                if (entry.Nsp is null)
                    RedisLog.DroppedEntry(_logger, "-", id.Text, Stream, "no nsp field");
                else
                    RedisLog.OtherNamespace(_logger, id.Text, Stream, entry.Nsp);
                Advance(id);
            }
        }
    }

    private void ReleaseWaiters()
    {
        lock (_waiters)
        {
            if (_waiters.Count == 0)
                return;
            var position = Position;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Target <= position)
                {
                    _waiters[i].Reached.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Stops reading: closing the connection, without waiting for it, ends the XREAD that is blocked.</summary>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_multiplexer is { } multiplexer)
        {
            await multiplexer.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
            await multiplexer.DisposeAsync().ConfigureAwait(false);
        }
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }
}
