using System.Text.Encodings.Web;
using System.Text.Json;
using MessagePack;
using SocketIO.Engine;
using SocketIO.Protocol;

namespace SocketIO.Parsers.MessagePack.Internal;

/// <summary>
/// Decodes socket.io-msgpack-parser packets for one client: one binary message = one msgpack map
/// <c>{type, nsp, data?, id?}</c>, keys in any order, unknown keys (the JS client's <c>options</c>)
/// ignored, validated like the JS decoder's <c>checkPacket</c> (docs/protocol.md#msgpack-parser) plus socket.io's event-name
/// rule. <c>data</c> is translated straight into the runtime's JSON-with-placeholders form.
/// </summary>
internal sealed partial class MessagePackPacketDecoder : IPacketDecoder
{
    // JsonDocument's own default; deeper payloads get their root parsed here with the configured limit.
    private const int LazyParseMaxDepth = 64;

    private readonly ParserOptions _options;
    private readonly PooledBufferWriter _buffer = new();
    private readonly Utf8JsonWriter _json;
    private readonly byte[] _keyScratch = new byte[24];
    private List<ReadOnlyMemory<byte>>? _attachments;

    public MessagePackPacketDecoder(ParserOptions options)
    {
        _options = options;
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions
        {
            // Same escaping as the runtime's serializer: JSON.stringify leaves non-ASCII text as is.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = true,
            MaxDepth = Math.Max(options.MaxDepth, 0) + 2,
        });
    }

    /// <summary>What the packet's <c>data</c> turned out to be, for the per-type checks.</summary>
    private struct DataShape
    {
        public bool Present;
        public JsonValueKind Kind;
        // JS isObject / isString see the decoded value: a Buffer or a Date is neither, though both
        // are an object or a string in JSON.
        public bool IsMap;
        public bool IsString;
        public int Length;
        public bool FirstIsNumber;
        public string? FirstString;
    }

    public SocketPacket? Decode(EnginePacket message)
    {
        ArgumentNullException.ThrowIfNull(message);
        // The msgpack parser never sends text: a text message is a peer using another parser.
        if (!message.IsBinary)
            throw new ProtocolException("msgpack packets must arrive as binary messages");
        try
        {
            return DecodePacket(message.Payload);
        }
        catch (EndOfStreamException)
        {
            throw new ProtocolException("truncated msgpack packet");
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new ProtocolException("truncated msgpack packet");
        }
        catch (MessagePackSerializationException)
        {
            throw new ProtocolException("invalid msgpack");
        }
        catch (OverflowException)
        {
            throw new ProtocolException("invalid msgpack");
        }
        catch (InsufficientExecutionStackException)
        {
            throw new ProtocolException("payload nested too deeply");
        }
        finally
        {
            ResetData();
        }
    }

    private SocketPacket DecodePacket(ReadOnlyMemory<byte> payload)
    {
        var reader = new MessagePackReader(payload);
        if (reader.NextMessagePackType != MessagePackType.Map)
            throw new ProtocolException("a packet must be a msgpack map");
        var fields = ReadCount(ref reader, map: true);

        long? type = null, id = null;
        bool typeValid = false, idValid = true;
        string? nsp = null;
        var data = default(DataShape);
        // Repeated keys: the last one wins, as in the JS object notepack builds.
        for (var i = 0; i < fields; i++)
        {
            if (reader.NextMessagePackType != MessagePackType.String)
            {
                Skip(ref reader);
                Skip(ref reader);
                continue;
            }
            var key = ReadStringSpan(ref reader);
            if (key.SequenceEqual("type"u8))
            {
                type = ReadInteger(ref reader, out typeValid);
                typeValid &= type is not null;
            }
            else if (key.SequenceEqual("nsp"u8))
            {
                nsp = ReadNamespace(ref reader);
            }
            else if (key.SequenceEqual("data"u8))
            {
                data = ReadData(ref reader);
            }
            else if (key.SequenceEqual("id"u8))
            {
                id = ReadInteger(ref reader, out idValid);
            }
            else
            {
                Skip(ref reader);
            }
        }
        if (!reader.End)
            throw new ProtocolException("trailing bytes after the packet");

        if (!typeValid || type is < (long)PacketType.Connect or > (long)PacketType.ConnectError)
            throw new ProtocolException("invalid packet type");
        var packetType = (PacketType)type!.Value;
        if (nsp is null)
            throw new ProtocolException("invalid namespace");
        if (!IsDataValid(packetType, data))
            throw new ProtocolException("invalid payload");
        if (!idValid || (packetType == PacketType.Ack && id is null))
            throw new ProtocolException("invalid packet id");
        return new SocketPacket(packetType, nsp, data.Present ? CreateData() : null, id);
    }

    // socket.io-msgpack-parser's isDataValid, with socket.io's isPacketValid event-name rule for EVENT.
    private static bool IsDataValid(PacketType type, in DataShape data) => type switch
    {
        PacketType.Connect => !data.Present || data.IsMap,
        PacketType.Disconnect => !data.Present,
        PacketType.ConnectError => data.Present && (data.IsMap || data.IsString),
        PacketType.Event => data.Present && data.Kind == JsonValueKind.Array && data.Length > 0
            && (data.FirstIsNumber || (data.FirstString is { } name && !ReservedEvents.Contains(name))),
        PacketType.Ack => data.Present && data.Kind == JsonValueKind.Array,
        _ => false,
    };

    private string? ReadNamespace(ref MessagePackReader reader)
    {
        if (reader.NextMessagePackType != MessagePackType.String)
        {
            Skip(ref reader);
            return null;
        }
        var utf8 = ReadStringSpan(ref reader);
        if (utf8.Length > _options.MaxNamespaceLength)
            throw new ProtocolException("namespace too long");
        // Every packet names its namespace, most often the main one.
        return utf8 is [(byte)'/'] ? "/" : System.Text.Encoding.UTF8.GetString(utf8);
    }

    /// <summary>Reads an integer field (<c>type</c>, <c>id</c>); undefined is absent, anything but an integer is invalid.</summary>
    private static long? ReadInteger(ref MessagePackReader reader, out bool valid)
    {
        valid = true;
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Integer when reader.NextCode == MessagePackCode.UInt64:
                var u = reader.ReadUInt64();
                valid = u <= long.MaxValue;
                return valid ? (long)u : null;
            case MessagePackType.Integer:
                return reader.ReadInt64();
            case MessagePackType.Float:
                // JS Number.isInteger accepts 2.0; other encoders may write it as a float.
                valid = JsNumber.TryGetInteger(reader.ReadDouble(), out var integer);
                return valid ? integer : null;
            default:
                if (IsUndefined(ref reader))
                {
                    SkipUndefined(ref reader);
                    return null;
                }
                Skip(ref reader);
                valid = false;
                return null;
        }
    }

    private DataShape ReadData(ref MessagePackReader reader)
    {
        ResetData();
        var shape = default(DataShape);
        if (IsUndefined(ref reader))
        {
            SkipUndefined(ref reader);
            return shape;
        }
        var type = reader.NextMessagePackType;
        if (type == MessagePackType.Array)
            PeekFirstElement(reader, ref shape);
        shape.IsMap = type == MessagePackType.Map;
        shape.IsString = type == MessagePackType.String;
        shape.Present = true;
        shape.Kind = WriteValue(ref reader, 1);
        return shape;
    }

    // The event name check needs element 0 before it is translated.
    private static void PeekFirstElement(MessagePackReader peek, ref DataShape shape)
    {
        shape.Length = ReadCount(ref peek, map: false);
        if (shape.Length == 0)
            return;
        switch (peek.NextMessagePackType)
        {
            case MessagePackType.Integer:
                shape.FirstIsNumber = true;
                break;
            case MessagePackType.Float:
                // NaN and ±Infinity become null in JSON, which is no event name.
                shape.FirstIsNumber = double.IsFinite(peek.ReadDouble());
                break;
            case MessagePackType.String:
                shape.FirstString = peek.ReadString();
                break;
        }
    }

    private PacketData CreateData()
    {
        _json.Flush();
        var json = _buffer.WrittenSpan.ToArray();
        IReadOnlyList<ReadOnlyMemory<byte>>? attachments = _attachments;
        if (_options.MaxDepth <= LazyParseMaxDepth)
            return new PacketData(json, attachments);
        var jsonReader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = _options.MaxDepth + 1 });
        return new PacketData(JsonElement.ParseValue(ref jsonReader), json, attachments);
    }

    private void ResetData()
    {
        _json.Reset();
        _buffer.Clear();
        _attachments = null;
    }
}
