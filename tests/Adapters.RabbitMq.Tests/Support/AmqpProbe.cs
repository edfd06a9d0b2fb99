using System.Threading.Channels;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using SocketIO.Adapters.Cluster;

namespace SocketIO.Adapters.RabbitMq.Tests.Support;

/// <summary>One message the probe received.</summary>
public sealed record ProbeMessage(string RoutingKey, string? ContentType, DeliveryModes DeliveryMode, byte[] Body)
{
    /// <summary>The body decoded as a cluster message.</summary>
    public ClusterMessage Decoded => ClusterMessageCodec.Decode(Body);

    /// <summary>The body decoded as a cluster message, or null when it is not one.</summary>
    public ClusterMessage? TryDecode()
    {
        try
        {
            return Decoded;
        }
        catch (ClusterMessageFormatException)
        {
            return null;
        }
    }
}

/// <summary>
/// A test's own AMQP client on the adapter's exchange: a queue of its own bound to chosen keys (to see what nodes
/// publish, or to play a peer node by hand), and raw publishing (to feed nodes anything, valid or not).
/// </summary>
public sealed class AmqpProbe : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly string _exchange;
    private readonly Channel<ProbeMessage> _received = Channel.CreateUnbounded<ProbeMessage>();

    private AmqpProbe(IConnection connection, IChannel channel, string exchange, string queue)
    {
        _connection = connection;
        _channel = channel;
        _exchange = exchange;
        Queue = queue;
    }

    /// <summary>The probe's queue.</summary>
    public string Queue { get; }

    /// <summary>Connects, declares <paramref name="exchange"/> as the format does, and a queue of its own bound to <paramref name="keys"/>.</summary>
    public static Task<AmqpProbe> StartAsync(BrokerFixture broker, string exchange, params string[] keys) => StartAsync(broker, null, exchange, keys);

    /// <summary>The same on the virtual host of <paramref name="url"/> (the default one when null).</summary>
    public static async Task<AmqpProbe> StartAsync(BrokerFixture broker, Uri? url, string exchange, params string[] keys)
    {
        var connection = await broker.ConnectAsync(url);
        var channel = await connection.CreateChannelAsync().WaitAsync(Repo.Timeout);
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Direct, durable: true, autoDelete: false).WaitAsync(Repo.Timeout);
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true).WaitAsync(Repo.Timeout)).QueueName;
        var probe = new AmqpProbe(connection, channel, exchange, queue);
        foreach (var key in keys)
            await probe.BindAsync(key);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, e) =>
        {
            probe._received.Writer.TryWrite(new ProbeMessage(e.RoutingKey, e.BasicProperties.ContentType, e.BasicProperties.DeliveryMode, e.Body.ToArray()));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer).WaitAsync(Repo.Timeout);
        return probe;
    }

    /// <summary>Binds the probe's queue to one more key.</summary>
    public Task BindAsync(string key) => _channel.QueueBindAsync(Queue, _exchange, key).WaitAsync(Repo.Timeout);

    /// <summary>Publishes raw bytes to the exchange, as a node would (msgpack content type, transient).</summary>
    public Task PublishAsync(string key, byte[] body) =>
        _channel.BasicPublishAsync(_exchange, key, mandatory: false,
            new BasicProperties { ContentType = "application/msgpack", DeliveryMode = DeliveryModes.Transient }, body).AsTask().WaitAsync(Repo.Timeout);

    /// <summary>Publishes a cluster message, encoded as nodes encode it.</summary>
    public Task PublishAsync(string key, ClusterMessage message) => PublishAsync(key, ClusterMessageCodec.EncodeMsgpack(message));

    /// <summary>The next received message that matches <paramref name="match"/> (the others are skipped).</summary>
    public async Task<ProbeMessage> NextAsync(Func<ProbeMessage, bool> match, string what)
    {
        using var timeout = new CancellationTokenSource(Repo.Timeout);
        try
        {
            while (true)
            {
                var message = await _received.Reader.ReadAsync(timeout.Token);
                if (match(message))
                    return message;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the probe received no {what} within {Repo.Timeout}");
        }
    }

    /// <summary>The next cluster message of type <paramref name="type"/> from node <paramref name="uid"/> (any node when null).</summary>
    public Task<ProbeMessage> NextAsync(ClusterMessageType type, string? uid = null) =>
        NextAsync(m => m.TryDecode() is { } d && d.Type == type && (uid is null || d.Uid == uid), $"{type} from {uid ?? "any node"}");

    public async ValueTask DisposeAsync()
    {
        await _channel.CloseAsync().WaitAsync(Repo.Timeout);
        await _connection.CloseAsync().WaitAsync(Repo.Timeout);
        _connection.Dispose();
    }
}
