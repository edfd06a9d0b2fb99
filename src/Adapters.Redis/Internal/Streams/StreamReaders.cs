using Microsoft.Extensions.Logging;

namespace SocketIO.Adapters.Redis.Internal.Streams;

/// <summary>
/// The stream readers of one server: one per stream that a namespace of the server uses, started with the first
/// such namespace and stopped with the last (Node's adapter factory keeps one reading client per stream).
/// </summary>
internal sealed class StreamReaders(RedisConnection connection, RedisAdapterOptions options, ILogger logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, StreamReader> _readers = new(StringComparer.Ordinal);

    /// <summary>Lets <paramref name="adapter"/> receive the entries of its namespace from <paramref name="stream"/>.</summary>
    /// <exception cref="AdapterException">Redis cannot be reached.</exception>
    public async Task<StreamReader> AttachAsync(string stream, StreamsRedisAdapter adapter)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_readers.TryGetValue(stream, out var reader))
            {
                reader = new StreamReader(stream, connection, options, logger);
                await reader.StartAsync().ConfigureAwait(false);
                _readers[stream] = reader;
            }
            reader.Add(adapter);
            return reader;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task DetachAsync(StreamReader reader, StreamsRedisAdapter adapter)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            reader.Remove(adapter);
            if (reader.Count == 0 && _readers.Remove(reader.Stream))
                await reader.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var reader in _readers.Values)
                await reader.DisposeAsync().ConfigureAwait(false);
            _readers.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }
}
