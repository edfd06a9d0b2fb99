using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using SocketIO.Adapters;
using SocketIO.Adapters.RabbitMq;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Selects the RabbitMQ adapter.</summary>
public static class RabbitMqSocketIOBuilderExtensions
{
    /// <summary>
    /// Replaces the in-memory adapter with the RabbitMQ adapter, so that broadcasts, rooms, acks, fetchSockets and
    /// server-side emits reach every server on the same exchange (the format is in docs/rabbitmq.md). The broker
    /// comes from the options (<see cref="RabbitMqAdapterOptions.ConnectionUri"/>, a <see cref="ConnectionFactory"/>
    /// or an <see cref="IConnection"/>), else from an <see cref="IConnection"/> or <see cref="ConnectionFactory"/> in DI.
    /// The options are validated at start-up.
    /// </summary>
    public static SocketIOBuilder AddRabbitMqAdapter(this SocketIOBuilder builder, Action<RabbitMqAdapterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<RabbitMqAdapterOptions>().Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RabbitMqAdapterOptions>, RabbitMqAdapterOptionsValidator>());
        builder.Services.TryAddSingleton(sp => new RabbitMqAdapterFactory(
            sp.GetRequiredService<IOptions<RabbitMqAdapterOptions>>().Value, sp.GetService<ILoggerFactory>(), sp));
        builder.Services.Replace(ServiceDescriptor.Singleton<IAdapterFactory>(sp => sp.GetRequiredService<RabbitMqAdapterFactory>()));
        return builder;
    }
}

/// <summary>Validates <see cref="RabbitMqAdapterOptions"/> at start-up: each setting, and that some broker is configured.</summary>
internal sealed class RabbitMqAdapterOptionsValidator(IServiceProvider services) : IValidateOptions<RabbitMqAdapterOptions>
{
    public ValidateOptionsResult Validate(string? name, RabbitMqAdapterOptions options)
    {
        if (options.Validate() is { } error)
            return ValidateOptionsResult.Fail($"RabbitMqAdapterOptions: {error}");
        if (options is { Connection: null, ConnectionFactory: null, ConnectionUri: null })
        {
            var registered = services.GetService<IServiceProviderIsService>();
            if (registered is null || !(registered.IsService(typeof(IConnection)) || registered.IsService(typeof(ConnectionFactory))))
                return ValidateOptionsResult.Fail(
                    "RabbitMqAdapterOptions: no broker is configured. Set ConnectionUri (amqp://host:5672), ConnectionFactory or Connection, or register an IConnection or a ConnectionFactory in DI.");
        }
        return ValidateOptionsResult.Success;
    }
}
