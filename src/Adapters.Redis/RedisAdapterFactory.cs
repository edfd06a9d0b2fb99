using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocketIO.Adapters.Redis.Internal;
using SocketIO.Adapters.Redis.Internal.Streams;
using StackExchange.Redis;

namespace SocketIO.Adapters.Redis;

/// <summary>
/// Creates the Redis adapter of each namespace. Every namespace of the server shares one Redis connection,
/// which the factory opens on the first adapter start and closes when it is disposed (unless the
/// application gave its own). The streams mode adds one reading connection per stream in use.
/// </summary>
public sealed class RedisAdapterFactory : IAdapterFactory, IAsyncDisposable
{
    private readonly RedisAdapterOptions _options;
    private readonly RedisConnection _connection;
    private readonly ILogger _logger;
    private readonly StreamReaders _readers;

    /// <summary>Creates the factory; usually resolved from DI after <c>AddRedisAdapter</c>.</summary>
    public RedisAdapterFactory(IOptions<RedisAdapterOptions> options, IConnectionMultiplexer? connection = null, ILoggerFactory? loggers = null)
    {
        _options = options.Value;
        if (_options.Validate() is { } error)
            throw new OptionsValidationException(nameof(RedisAdapterOptions), typeof(RedisAdapterOptions), [$"RedisAdapterOptions: {error}"]);
        _logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger("SocketIO.Adapters.Redis");
        _connection = new RedisConnection(_options, connection, _logger);
        _readers = new StreamReaders(_connection, _options, _logger);
    }

    /// <inheritdoc />
    public Adapter Create(IAdapterHost host) => _options.Mode switch
    {
        RedisAdapterMode.Sharded => new ShardedRedisAdapter(host, _connection, _options, _logger),
        RedisAdapterMode.Streams => new StreamsRedisAdapter(host, _connection, _readers, _options, _logger),
        _ => new ClassicRedisAdapter(host, _connection, _options, _logger),
    };

    /// <summary>Stops the stream readers and closes the Redis connection if the factory opened it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _readers.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
