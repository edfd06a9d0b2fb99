using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace SocketIO.Adapters.Redis.Internal;

/// <summary>
/// The one Redis connection of a server, shared by every namespace's adapter. It is opened on the first
/// adapter start, fails fast while Redis is unreachable (commands throw at once instead of queueing),
/// reconnects and resubscribes by itself, and logs the outage and the recovery once each.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly RedisAdapterOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnectionMultiplexer? _multiplexer;
    private bool _owned;

    public RedisConnection(RedisAdapterOptions options, IConnectionMultiplexer? fromServices, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _multiplexer = options.Connection ?? fromServices;
        if (_multiplexer is not null)
            Watch(_multiplexer, "redis");
    }

    public string Endpoint => _options.Configuration ?? _multiplexer?.Configuration ?? "redis";

    /// <summary>The connection, opened on first use.</summary>
    /// <exception cref="AdapterException">Redis cannot be reached.</exception>
    public async Task<IConnectionMultiplexer> GetAsync()
    {
        if (_multiplexer is { } existing)
            return existing;
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_multiplexer is not null)
                return _multiplexer;
            var config = Parse(_options.Configuration ?? throw new InvalidOperationException(
                "The Redis adapter needs RedisAdapterOptions.Configuration, RedisAdapterOptions.Connection or an IConnectionMultiplexer in DI."));
            var multiplexer = await ConnectAsync(config, "redis").ConfigureAwait(false);
            _owned = true;
            _multiplexer = multiplexer;
            AdapterLog.Connected(_logger, "redis", Endpoint);
            return multiplexer;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Opens a connection of its own, with the same configuration as the shared one (its configuration string when the
    /// application gave the connection) changed by <paramref name="adjust"/>, for a command that blocks it (XREAD BLOCK).
    /// It reconnects by itself and logs its outages under <paramref name="role"/>; the caller disposes it.
    /// </summary>
    /// <exception cref="AdapterException">Redis cannot be reached.</exception>
    public async Task<IConnectionMultiplexer> OpenDedicatedAsync(string role, Action<ConfigurationOptions> adjust)
    {
        var config = Parse(_options.Configuration ?? (await GetAsync().ConfigureAwait(false)).Configuration);
        adjust(config);
        return await ConnectAsync(config, role).ConfigureAwait(false);
    }

    // Connects, or fails with AdapterException; the connection's outages are then logged under role.
    private async Task<IConnectionMultiplexer> ConnectAsync(ConfigurationOptions config, string role)
    {
        IConnectionMultiplexer multiplexer;
        try
        {
            multiplexer = await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw new AdapterException($"Redis at {Endpoint} is unreachable: {ex.Message}", ex);
        }
        if (!multiplexer.IsConnected)
        {
            await multiplexer.DisposeAsync().ConfigureAwait(false);
            throw new AdapterException($"Redis at {Endpoint} is unreachable.");
        }
        Watch(multiplexer, role);
        return multiplexer;
    }

    /// <summary>Accepts a StackExchange.Redis configuration string or a <c>redis://[user:password@]host:port[/db]</c> URL.</summary>
    internal static ConfigurationOptions Parse(string configuration)
    {
        ConfigurationOptions options;
        if (Uri.TryCreate(configuration, UriKind.Absolute, out var uri) && uri.Scheme is "redis" or "rediss")
        {
            options = new ConfigurationOptions { Ssl = uri.Scheme == "rediss" };
            options.EndPoints.Add(uri.Host, uri.IsDefaultPort || uri.Port <= 0 ? 6379 : uri.Port);
            if (uri.UserInfo.Length > 0)
            {
                var parts = Uri.UnescapeDataString(uri.UserInfo).Split(':', 2);
                if (parts.Length == 2)
                {
                    options.User = parts[0].Length > 0 ? parts[0] : null;
                    options.Password = parts[1];
                }
                else
                {
                    options.Password = parts[0];
                }
            }
            if (uri.AbsolutePath.Trim('/') is { Length: > 0 } db && int.TryParse(db, out var index))
                options.DefaultDatabase = index;
        }
        else
        {
            options = ConfigurationOptions.Parse(configuration);
        }
        // Start even when Redis is down (the adapter says so), fail commands at once while it is
        // unreachable instead of queueing them, and retry the connection every half second.
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new LinearRetry(500);
        options.ConnectRetry = 1;
        options.ConnectTimeout = 3000;
        return options;
    }

    private void Watch(IConnectionMultiplexer multiplexer, string role)
    {
        // The physical connections (endpoint and kind) that are down now: the outage is logged when the first
        // fails and the recovery when the last is back, whatever the number of retries in between.
        var down = new HashSet<string>();
        multiplexer.ConnectionFailed += (_, e) =>
        {
            bool first;
            lock (down)
                first = down.Add($"{e.EndPoint}/{e.ConnectionType}") && down.Count == 1;
            if (first)
                AdapterLog.ConnectionLost(_logger, role, Endpoint, e.Exception);
        };
        multiplexer.ConnectionRestored += (_, e) =>
        {
            bool last;
            lock (down)
                last = down.Remove($"{e.EndPoint}/{e.ConnectionType}") && down.Count == 0;
            if (last)
                AdapterLog.Connected(_logger, role, Endpoint);
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned && _multiplexer is { } multiplexer)
        {
            await multiplexer.DisposeAsync().ConfigureAwait(false);
            AdapterLog.Disconnected(_logger, "redis", Endpoint);
        }
    }
}
