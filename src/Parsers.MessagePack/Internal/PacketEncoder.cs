using System.Diagnostics;
using System.Text;
using MessagePack;
using SocketIO.Protocol;

namespace SocketIO.Parsers.MessagePack.Internal;

/// <summary>
/// Writes one packet as the msgpack map socket.io-msgpack-parser sends:
/// <c>{type, nsp, data?, id?}</c>, <c>nsp</c> always present, binary inline (docs/protocol.md#msgpack-parser).
/// </summary>
internal static class PacketEncoder
{
    // MessagePackWriter asks for a header's worst case before writing it; this keeps the exact-size buffer from growing.
    private const int Slack = 16;

    /// <summary>Encodes the packet into a buffer of (almost) exactly its size.</summary>
    public static ReadOnlyMemory<byte> Encode(SocketPacket packet)
    {
        // There are no binary types here: binary values sit inline in data.
        var type = packet.Type switch
        {
            PacketType.BinaryEvent => PacketType.Event,
            PacketType.BinaryAck => PacketType.Ack,
            var t => t,
        };
        // An empty payload is no payload, as the default parser writes it.
        var data = packet.Data is { Utf8Json.IsEmpty: false } d ? d : null;
        var counts = new IntList(stackalloc int[16]);
        try
        {
            var fields = 2;
            var nspLength = Encoding.UTF8.GetByteCount(packet.Namespace);
            long size = 1 + 5 + 1 + 4 + JsonToMessagePack.StringSize(nspLength);
            if (data is not null)
            {
                fields++;
                size += 5 + JsonToMessagePack.Measure(data, ref counts);
            }
            if (packet.Id is { } id)
            {
                fields++;
                size += 3 + JsonToMessagePack.IntegerSize(id);
            }
            if (size > Array.MaxLength - Slack)
                throw new InvalidOperationException($"A {size}-byte packet is too large to encode.");

            var buffer = new OutputBuffer((int)size + Slack);
            var writer = new MessagePackWriter(buffer);
            writer.WriteMapHeader(fields);
            writer.WriteString("type"u8);
            writer.Write((int)type);
            writer.WriteString("nsp"u8);
            // Write(string) reserves the worst-case UTF-8 length; encoding in place keeps the buffer exact.
            writer.WriteStringHeader(nspLength);
            Encoding.UTF8.GetBytes(packet.Namespace, writer.GetSpan(nspLength));
            writer.Advance(nspLength);
            if (data is not null)
            {
                writer.WriteString("data"u8);
                JsonToMessagePack.Write(ref writer, data, counts.AsSpan());
            }
            if (packet.Id is { } ackId)
            {
                writer.WriteString("id"u8);
                writer.Write(ackId);
            }
            writer.Flush();
            Debug.Assert(buffer.WrittenCount == size, $"measured {size} bytes, wrote {buffer.WrittenCount}");
            return buffer.WrittenMemory;
        }
        finally
        {
            counts.Dispose();
        }
    }
}
