using StackExchange.Redis;

namespace SocketIO.Adapters.Redis.Internal;

/// <summary>
/// One subscribed channel whose messages are handled one at a time, in the order Redis delivered them
/// (a StackExchange.Redis message queue), as Node's adapters see them on their subscriber connection.
/// </summary>
internal sealed class RedisSubscription
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(5);
    private readonly ChannelMessageQueue _queue;

    private RedisSubscription(ChannelMessageQueue queue) => _queue = queue;

    /// <summary>
    /// Subscribes. Right after connecting, the multiplexer's subscription connection may still be opening:
    /// a refusal for that reason is retried for up to <see cref="StartTimeout"/>.
    /// </summary>
    public static async Task<RedisSubscription> StartAsync(ISubscriber subscriber, RedisChannel channel, Action<RedisChannel, RedisValue> handler)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        ChannelMessageQueue queue;
        while (true)
        {
            try
            {
                queue = await subscriber.SubscribeAsync(channel).ConfigureAwait(false);
                break;
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
        queue.OnMessage(message => handler(message.Channel, message.Message));
        return new RedisSubscription(queue);
    }

    public Task StopAsync() => _queue.UnsubscribeAsync();

    /// <summary>Stops every subscription of an adapter that closes, then forgets them; a failure is passed to <paramref name="failed"/>.</summary>
    public static async Task StopAllAsync(List<RedisSubscription> subscriptions, Action<Exception> failed)
    {
        foreach (var subscription in subscriptions)
        {
            try
            {
                await subscription.StopAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                failed(ex);
            }
        }
        subscriptions.Clear();
    }
}
