using SocketIO.Adapters.Cluster;
using SocketIO.Protocol;

namespace SocketIO.Adapters.Redis.Internal.Streams;

internal sealed partial class StreamsRedisAdapter
{
    // Held while an entry of this namespace is handled and the reader's position moves past it, and while a restored
    // socket joins its rooms (ResumeSessionAsync): a resume sees every entry up to the position delivered, none after.
    private readonly Lock _delivery = new();

    /// <summary>
    /// Handles one entry of this namespace, on the reader's loop: another node's message as ClusterAdapter's onMessage
    /// with the entry id as its offset, or this node's own recoverable broadcast, which is delivered here rather than
    /// when it was published (see <see cref="BroadcastAsync"/>). Bad entries are dropped with a logged reason.
    /// </summary>
    internal void OnStreamEntry(RawStreamEntry entry, StreamReader reader)
    {
        lock (_delivery)
        {
            try
            {
                var message = StreamEntryCodec.Decode(entry, _options.MaxMessageSize);
                if (message.Uid != Uid)
                    OnMessage(message, entry.Id.Text);
                else if (TakesOffsetFromStream(message, out var packet))
                    BroadcastLocal(packet, message.Options ?? BroadcastOptions.All, entry.Id.Text);
            }
            catch (ClusterMessageFormatException ex)
            {
                RedisLog.DroppedEntry(_logger, Host.Name, entry.Id.Text, _stream, ex.Message);
            }
            finally
            {
                reader.Advance(entry.Id);
            }
        }
    }

    // This node's own broadcast that recovery tags with its offset. Its other own entries (unrecoverable broadcasts,
    // room operations) took effect here when they were sent.
    private bool TakesOffsetFromStream(ClusterMessage message, out SocketPacket packet)
    {
        packet = null!;
        if (Host.Recovery is null || message.Type != ClusterMessageType.Broadcast || message.RequestId is not null || message.Data is null)
            return false;
        packet = new SocketPacket(PacketType.Event, Host.Name, message.Data);
        return IsRecoverable(packet, message.Options ?? BroadcastOptions.All);
    }
}
