using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SocketIO.Adapters;
using SocketIO.Adapters.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Redis adapter.</summary>
public static class RedisSocketIOBuilderExtensions
{
    /// <summary>
    /// Scales the server out over Redis, wire-compatible with Node's <c>@socket.io/redis-adapter</c>. Give
    /// <see cref="RedisAdapterOptions.Configuration"/> (or register an <c>IConnectionMultiplexer</c>); the
    /// server waits for Redis when it starts and fails with a clear message if it cannot reach it.
    /// </summary>
    public static SocketIOBuilder AddRedisAdapter(this SocketIOBuilder builder, Action<RedisAdapterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<RedisAdapterOptions>();
        if (configure is not null)
            options.Configure(configure);
        options.Validate(o => o.Validate() is null, "RedisAdapterOptions are invalid.");
        builder.Services.TryAddSingleton<RedisAdapterFactory>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IAdapterFactory>(sp => sp.GetRequiredService<RedisAdapterFactory>()));
        return builder;
    }
}
