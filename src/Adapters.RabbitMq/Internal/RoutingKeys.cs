using System.Text;

namespace SocketIO.Adapters.RabbitMq.Internal;

/// <summary>The routing keys of the format (docs/rabbitmq.md#routing-keys).</summary>
internal static class RoutingKeys
{
    /// <summary>Every node serving <paramref name="nsp"/>: <c>&lt;prefix&gt;#&lt;nsp&gt;#</c>.</summary>
    public static string Namespace(string prefix, string nsp) => $"{prefix}#{nsp}#";

    /// <summary>Responses for node <paramref name="uid"/> in <paramref name="nsp"/>: <c>&lt;prefix&gt;#&lt;nsp&gt;#&lt;uid&gt;#</c>.</summary>
    public static string Response(string prefix, string nsp, string uid) => $"{prefix}#{nsp}#{uid}#";

    /// <summary>Whether AMQP can carry the key (a short string: at most 255 bytes of UTF-8).</summary>
    public static bool Fits(string key) => Encoding.UTF8.GetByteCount(key) <= RabbitMqAdapterOptions.MaxRoutingKeyBytes;
}
