using System.Text;
using System.Text.Json;
using SocketIO.Engine;

namespace SocketIO.Protocol;

/// <summary>Decodes default-parser messages for one client, following socket.io-parser's rules (docs/protocol.md#decoder-rules).</summary>
internal sealed class JsonPacketDecoder(ParserOptions options) : IPacketDecoder
{
    private PendingBinary? _pending;

    private sealed class PendingBinary(PacketType type, string nsp, long? id, JsonElement root, ReadOnlyMemory<byte> json, int expected)
    {
        public readonly List<ReadOnlyMemory<byte>> Attachments = new(expected);
        public PacketType Type => type;
        public string Nsp => nsp;
        public long? Id => id;
        public JsonElement Root => root;
        public ReadOnlyMemory<byte> Json => json;
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
            return Complete(pending.Type, pending.Nsp, pending.Id, pending.Root, pending.Json, pending.Attachments);
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
            return attachments > 0 ? Pend(type, nsp, id, default, default, attachments) : Complete(type, nsp, id, default, default, []);
        }

        var json = memory[i..];
        // JsonDocument does not validate UTF-8 inside strings; reading such a string later would throw.
        if (!System.Text.Unicode.Utf8.IsValid(json.Span))
            throw new ProtocolException("invalid payload");
        JsonElement root;
        try
        {
            // ParseValue builds an unpooled document: one allocation, no Clone needed.
            var reader = new Utf8JsonReader(json.Span, new JsonReaderOptions { MaxDepth = options.MaxDepth });
            root = JsonElement.ParseValue(ref reader);
            if (reader.Read())
                throw new ProtocolException("invalid payload");
        }
        catch (JsonException)
        {
            throw new ProtocolException("invalid payload");
        }
        if (!IsPayloadValid(type, root))
            throw new ProtocolException("invalid payload");
        if (type is PacketType.Ack or PacketType.BinaryAck && id is null)
            throw new ProtocolException("invalid ack id");

        if (type is PacketType.BinaryEvent or PacketType.BinaryAck && attachments > 0)
            return Pend(type, nsp, id, root, json, attachments);
        return Complete(type, nsp, id, root, json, []);
    }

    private SocketPacket? Pend(PacketType type, string nsp, long? id, JsonElement root, ReadOnlyMemory<byte> json, int attachments)
    {
        _pending = new PendingBinary(type, nsp, id, root, json, attachments);
        return null;
    }

    private static SocketPacket Complete(PacketType type, string nsp, long? id, JsonElement root, ReadOnlyMemory<byte> json, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
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
            CheckPlaceholders(root, attachments.Count);
        return new SocketPacket(modelType, nsp, new PacketData(root, json, attachments), id);
    }

    private static void CheckPlaceholders(JsonElement element, int count)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    CheckPlaceholders(item, count);
                break;
            case JsonValueKind.Object:
                if (Placeholder.TryGetIndex(element, out var num))
                {
                    if (num < 0 || num >= count)
                        throw new ProtocolException("illegal attachments");
                    break;
                }
                if (Placeholder.TryGetMember(element, "_placeholder"u8, out _))
                    throw new ProtocolException("illegal attachments");
                foreach (var prop in element.EnumerateObject())
                    CheckPlaceholders(prop.Value, count);
                break;
        }
    }

    internal static bool IsPayloadValid(PacketType type, JsonElement payload) => type switch
    {
        PacketType.Connect => payload.ValueKind == JsonValueKind.Object,
        PacketType.Disconnect => false,
        PacketType.ConnectError => payload.ValueKind is JsonValueKind.Object or JsonValueKind.String,
        PacketType.Event or PacketType.BinaryEvent => payload.ValueKind == JsonValueKind.Array
            && payload.GetArrayLength() > 0
            && payload[0] switch
            {
                { ValueKind: JsonValueKind.Number } => true,
                // A name may hold lone surrogates ("\ud800"), as any JavaScript string may; socket.io-parser accepts it.
                { ValueKind: JsonValueKind.String } name => !ReservedEvents.Contains(Serialization.JsString.Get(name)),
                _ => false,
            },
        PacketType.Ack or PacketType.BinaryAck => payload.ValueKind == JsonValueKind.Array,
        _ => false,
    };
}
