using System.Text;
using SocketIO.Engine;

namespace SocketIO.Protocol;

/// <summary>Decodes default-parser messages for one client, following socket.io-parser's rules (docs/protocol.md#decoder-rules).</summary>
internal sealed partial class JsonPacketDecoder(ParserOptions options) : IPacketDecoder
{
    private PendingBinary? _pending;

    private sealed class PendingBinary(PacketType type, string nsp, long? id, ReadOnlyMemory<byte> json, int[]? layout, int expected)
    {
        public readonly List<ReadOnlyMemory<byte>> Attachments = new(expected);
        public PacketType Type => type;
        public string Nsp => nsp;
        public long? Id => id;
        public ReadOnlyMemory<byte> Json => json;
        public int[]? Layout => layout;
        public int Expected => expected;
    }

    public SocketPacket? Decode(EnginePacket message)
    {
        if (message.IsBinary)
        {
            var pending = _pending ?? throw new ProtocolException("got binary data when not reconstructing a packet");
            pending.Attachments.Add(message.Payload);
            if (pending.Attachments.Count < pending.Expected)
                return null;
            _pending = null;
            return Complete(pending.Type, pending.Nsp, pending.Id, pending.Json, pending.Layout, pending.Attachments);
        }
        if (_pending is not null)
            throw new ProtocolException("got plaintext data when reconstructing a packet");
        return DecodeText(message.Payload);
    }

    private SocketPacket? DecodeText(ReadOnlyMemory<byte> memory)
    {
        var s = memory.Span;
        if (s.IsEmpty || s[0] < (byte)'0' || s[0] > (byte)'6')
            throw new ProtocolException("unknown packet type");
        var type = (PacketType)(s[0] - '0');
        var i = 1;

        var attachments = 0;
        if (type is PacketType.BinaryEvent or PacketType.BinaryAck)
        {
            var start = i;
            long count = 0; // up to 10 digits: 64 bits so a large count cannot wrap below the limit
            while (i < s.Length && s[i] != (byte)'-')
            {
                if (s[i] < (byte)'0' || s[i] > (byte)'9' || i - start > 9)
                    throw new ProtocolException("Illegal attachments");
                count = count * 10 + (s[i] - '0');
                i++;
            }
            if (i == start || i >= s.Length)
                throw new ProtocolException("Illegal attachments");
            i++; // '-'
            if (count > options.MaxAttachments)
                throw new ProtocolException("too many attachments");
            attachments = (int)count;
        }

        var nsp = "/";
        if (i < s.Length && s[i] == (byte)'/')
        {
            var start = i;
            while (i < s.Length && s[i] != (byte)',')
                i++;
            if (i - start > options.MaxNamespaceLength)
                throw new ProtocolException("namespace too long");
            nsp = Encoding.UTF8.GetString(s[start..i]);
            if (i < s.Length)
                i++; // ','
        }

        long? id = null;
        if (i < s.Length && s[i] >= (byte)'0' && s[i] <= (byte)'9')
        {
            long value = 0;
            var start = i;
            while (i < s.Length && s[i] >= (byte)'0' && s[i] <= (byte)'9')
            {
                // Ack ids are JS numbers: more than 15 digits cannot be an exact integer.
                if (i - start >= 15)
                    throw new ProtocolException("invalid ack id");
                value = value * 10 + (s[i] - '0');
                i++;
            }
            id = value;
        }

        if (i >= s.Length)
        {
            // No payload is accepted for any type (socket.io-parser only validates a present payload).
            if (type is PacketType.Ack or PacketType.BinaryAck && id is null)
                throw new ProtocolException("invalid ack id");
            return attachments > 0 ? Pend(type, nsp, id, default, null, attachments) : Complete(type, nsp, id, default, null, []);
        }

        var json = memory[i..];
        var layout = ReadPayload(type, json.Span);
        if (type is PacketType.Ack or PacketType.BinaryAck && id is null)
            throw new ProtocolException("invalid ack id");

        if (type is PacketType.BinaryEvent or PacketType.BinaryAck && attachments > 0)
            return Pend(type, nsp, id, json, layout, attachments);
        return Complete(type, nsp, id, json, layout, []);
    }

    private SocketPacket? Pend(PacketType type, string nsp, long? id, ReadOnlyMemory<byte> json, int[]? layout, int attachments)
    {
        _pending = new PendingBinary(type, nsp, id, json, layout, attachments);
        return null;
    }

    private SocketPacket Complete(PacketType type, string nsp, long? id, ReadOnlyMemory<byte> json, int[]? layout, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        // Binary types become Event/Ack in the runtime model; the attachments say they carry binary.
        var modelType = type switch
        {
            PacketType.BinaryEvent => PacketType.Event,
            PacketType.BinaryAck => PacketType.Ack,
            _ => type,
        };
        if (json.IsEmpty)
            return new SocketPacket(modelType, nsp, null, id);
        if (type is PacketType.BinaryEvent or PacketType.BinaryAck)
            CheckPlaceholders(json.Span, attachments.Count);
        return new SocketPacket(modelType, nsp, CreateData(json, layout, attachments), id);
    }
}
