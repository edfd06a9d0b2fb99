using System.Text.Json;

namespace SocketIO.Protocol;

/// <summary>
/// The JSON part of a packet, checked in one <see cref="Utf8JsonReader"/> pass over the bytes the message
/// already holds. No document is built: the payload stays UTF-8, and <see cref="PacketData.Root"/> is parsed
/// only if a handler asks for a <see cref="JsonElement"/>.
/// </summary>
internal sealed partial class JsonPacketDecoder
{
    // PacketData.Root parses with JsonDocument's default depth limit: a deeper limit needs the value built here.
    private const int LazyRootMaxDepth = 64;

    /// <summary>
    /// Checks that the payload is one JSON value within the depth limit, of the shape its packet type allows
    /// (socket.io-parser's isPayloadValid, docs/protocol.md#decoder-rules), or throws "invalid payload".
    /// Returns the layout of an array payload (<see cref="JsonArrayLayout"/>), null for any other.
    /// </summary>
    private int[]? ReadPayload(PacketType type, ReadOnlySpan<byte> json)
    {
        // The reader does not check UTF-8 inside strings; reading such a string later would throw.
        if (!System.Text.Unicode.Utf8.IsValid(json))
            throw InvalidPayload();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = options.MaxDepth });
        int[]? layout = null;
        try
        {
            if (!reader.Read() || !IsShapeValid(type, reader.TokenType))
                throw InvalidPayload();
            if (reader.TokenType == JsonTokenType.StartArray)
                layout = JsonArrayLayout.ReadItems(ref reader);
            else if (reader.TokenType == JsonTokenType.StartObject)
                reader.Skip();
            if (reader.Read())
                throw InvalidPayload();
        }
        catch (JsonException)
        {
            throw InvalidPayload();
        }
        if (type is PacketType.Event or PacketType.BinaryEvent && !HasEventName(json, new JsonArrayLayout(layout!)))
            throw InvalidPayload();
        return layout;
    }

    private static bool IsShapeValid(PacketType type, JsonTokenType first) => type switch
    {
        PacketType.Connect => first == JsonTokenType.StartObject,
        PacketType.ConnectError => first is JsonTokenType.StartObject or JsonTokenType.String,
        PacketType.Event or PacketType.BinaryEvent or PacketType.Ack or PacketType.BinaryAck => first == JsonTokenType.StartArray,
        _ => false, // DISCONNECT takes no payload
    };

    /// <summary>An EVENT array starts with its name: a number, or a string that is not reserved.</summary>
    private static bool HasEventName(ReadOnlySpan<byte> json, JsonArrayLayout layout)
    {
        if (layout.Count == 0)
            return false;
        var name = json[layout.Item(0)];
        switch (JsonArrayLayout.KindOf(name))
        {
            case JsonValueKind.Number:
                return true;
            case JsonValueKind.String:
                // A name may hold lone surrogates ("\ud800"), as any JavaScript string may; socket.io-parser accepts it.
                var text = name[1..^1];
                return text.IndexOf((byte)'\\') < 0 ? !ReservedEvents.Contains(text) : !ReservedEvents.Contains(Serialization.JsString.Get(name));
            default:
                return false;
        }
    }

    private PacketData CreateData(ReadOnlyMemory<byte> json, int[]? layout, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        if (options.MaxDepth <= LazyRootMaxDepth)
            return new PacketData(json, layout, attachments);
        var reader = new Utf8JsonReader(json.Span, new JsonReaderOptions { MaxDepth = options.MaxDepth });
        return new PacketData(json, layout, attachments, JsonElement.ParseValue(ref reader));
    }

    /// <summary>
    /// Every placeholder must number one of the attachments, and no other object may have a <c>_placeholder</c>
    /// member; a placeholder is not looked into (socket.io-parser's reconstructPacket).
    /// </summary>
    private static void CheckPlaceholders(ReadOnlySpan<byte> json, int count)
    {
        var check = new PlaceholderCheck(count);
        PlaceholderScanner.Scan(json, ref check);
        if (check.Faults > 0)
            throw new ProtocolException("illegal attachments");
    }

    private static ProtocolException InvalidPayload() => new("invalid payload");

    /// <summary>Counts the faults of <see cref="CheckPlaceholders"/>; those inside a placeholder do not count.</summary>
    private struct PlaceholderCheck(int count) : IPlaceholderSink
    {
        public int Faults { get; private set; }

        public readonly int Mark => Faults;

        public void Reset(int mark) => Faults = mark;

        public readonly bool StopsAt(int index) => true;

        public void OnPlaceholder(int start, int end, int index)
        {
            if (index < 0 || index >= count)
                Faults++;
        }

        public void OnStray() => Faults++;
    }
}
