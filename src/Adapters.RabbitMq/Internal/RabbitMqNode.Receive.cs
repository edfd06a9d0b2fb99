using Microsoft.Extensions.Logging;
using RabbitMQ.Client.Events;
using SocketIO.Adapters.Cluster;

namespace SocketIO.Adapters.RabbitMq.Internal;

internal sealed partial class RabbitMqNode
{
    // The client hands deliveries over one at a time, in the queue's order; nothing may throw back into it.
    private Task OnDeliveryAsync(object sender, BasicDeliverEventArgs e)
    {
        try
        {
            Deliver(e.RoutingKey, e.Body);
        }
        catch (Exception ex)
        {
            RabbitMqLog.MessageDropped(_logger, e.RoutingKey, $"handling it failed: {ex.Message}");
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Decodes one delivery and hands it to the namespace its key belongs to: a message that is too large, is not
    /// msgpack, is not a cluster message, has an unknown type or names another namespace is dropped with a logged reason.
    /// </summary>
    internal void Deliver(string routingKey, ReadOnlyMemory<byte> body)
    {
        if (!_routes.TryGetValue(routingKey, out var route))
        {
            RabbitMqLog.NoRoute(_logger, routingKey);
            return;
        }
        if (body.Length > Options.MaxMessageSize)
        {
            RabbitMqLog.MessageDropped(_logger, routingKey, $"{body.Length} bytes, more than MaxMessageSize ({Options.MaxMessageSize})");
            return;
        }
        // The format's bodies are msgpack; a JSON body (another adapter's format) is refused rather than guessed at.
        if (body.IsEmpty || body.Span[0] == (byte)'{')
        {
            RabbitMqLog.MessageDropped(_logger, routingKey, body.IsEmpty ? "empty body" : "a JSON body where msgpack is expected");
            return;
        }
        ClusterMessage message;
        try
        {
            message = ClusterMessageCodec.Decode(body);
        }
        catch (ClusterMessageFormatException ex)
        {
            RabbitMqLog.MessageDropped(_logger, routingKey, ex.Message);
            return;
        }
        if (message.Type is < ClusterMessageType.InitialHeartbeat or > ClusterMessageType.AdapterClose)
        {
            RabbitMqLog.MessageDropped(_logger, routingKey, $"unknown message type {(int)message.Type}");
            return;
        }
        if (message.Namespace != route.Adapter.Host.Name)
        {
            RabbitMqLog.MessageDropped(_logger, routingKey, $"a message for namespace {message.Namespace} on the key of namespace {route.Adapter.Host.Name}");
            return;
        }
        route.Adapter.Receive(message, route.IsResponse);
    }
}
