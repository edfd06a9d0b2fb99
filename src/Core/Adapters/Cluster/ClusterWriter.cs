using System.Buffers;
using System.Text.Json;
using SocketIO.Protocol;
using SocketIO.Serialization;
using SocketIO.Serialization.Msgpack;

namespace SocketIO.Adapters.Cluster;

/// <summary>
/// Writes cluster messages as JSON or as notepack-compatible msgpack with one code path
/// (<see cref="ClusterMessageCodec"/>, and plug-ins whose protocol has other shapes, such as the classic
/// Redis adapter's). The counts of maps and arrays are given up front, as msgpack needs them.
/// </summary>
public abstract class ClusterWriter
{
    /// <summary>A writer of JSON, as <c>JSON.stringify</c> writes it (binary as Node's Buffer JSON).</summary>
    public static ClusterWriter Json(Utf8JsonWriter json) => new JsonClusterSink(json);

    /// <summary>A writer of msgpack, as notepack.io writes it (binary as bin).</summary>
    public static ClusterWriter Msgpack(IBufferWriter<byte> output) => new MsgpackClusterSink(output);

    /// <summary>Starts a map of <paramref name="count"/> entries.</summary>
    public abstract void Map(int count);

    /// <summary>Ends the current map.</summary>
    public abstract void EndMap();

    /// <summary>Starts an array of <paramref name="count"/> items.</summary>
    public abstract void Array(int count);

    /// <summary>Ends the current array.</summary>
    public abstract void EndArray();

    /// <summary>Writes a map key.</summary>
    public abstract void Key(string key);

    /// <summary>Writes a string.</summary>
    public abstract void String(string value);

    /// <summary>Writes an integer.</summary>
    public abstract void Integer(long value);

    /// <summary>Writes a boolean.</summary>
    public abstract void Boolean(bool value);

    /// <summary>Writes null.</summary>
    public abstract void Null();

    /// <summary>Writes a JSON value whose placeholders stand for <paramref name="attachments"/> (binary).</summary>
    public abstract void Value(JsonElement value, IReadOnlyList<ReadOnlyMemory<byte>> attachments);

    /// <summary>Writes a key and a string.</summary>
    public void Property(string key, string value)
    {
        Key(key);
        String(value);
    }

    /// <summary>Writes a key and an integer.</summary>
    public void Property(string key, long value)
    {
        Key(key);
        Integer(value);
    }

    /// <summary>Writes a key and a boolean.</summary>
    public void Property(string key, bool value)
    {
        Key(key);
        Boolean(value);
    }

    /// <summary>Writes an array of <paramref name="count"/> strings.</summary>
    public void Strings(IEnumerable<string> values, int count)
    {
        Array(count);
        foreach (var v in values)
            String(v);
        EndArray();
    }
}

/// <summary>JSON, as <c>JSON.stringify</c> writes it: binary becomes Node's Buffer form <c>{"type":"Buffer","data":[…]}</c>.</summary>
internal sealed class JsonClusterSink(Utf8JsonWriter json) : ClusterWriter
{
    public override void Map(int count) => json.WriteStartObject();

    public override void EndMap() => json.WriteEndObject();

    public override void Array(int count) => json.WriteStartArray();

    public override void EndArray() => json.WriteEndArray();

    public override void Key(string key) => json.WritePropertyName(key);

    public override void String(string value) => JsString.Write(json, value, json.Options.Encoder);

    public override void Integer(long value) => json.WriteNumberValue(value);

    public override void Boolean(bool value) => json.WriteBooleanValue(value);

    public override void Null() => json.WriteNullValue();

    // The value's JSON goes out as it came, escapes included (a lone surrogate such as "\ud800" stays as
    // JSON.stringify wrote it); each placeholder becomes Node's JSON of a Buffer.
    public override void Value(JsonElement value, IReadOnlyList<ReadOnlyMemory<byte>> attachments) =>
        RawJson.Write(json, value, attachments, WriteBuffer);

    private static void WriteBuffer(Utf8JsonWriter json, ReadOnlyMemory<byte> bytes)
    {
        json.WriteStartObject();
        json.WriteString("type", "Buffer");
        json.WriteStartArray("data");
        foreach (var b in bytes.Span)
            json.WriteNumberValue(b);
        json.WriteEndArray();
        json.WriteEndObject();
    }
}

/// <summary>Msgpack as notepack.io writes the equivalent JS object: binary as bin.</summary>
internal sealed class MsgpackClusterSink(IBufferWriter<byte> output) : ClusterWriter
{
    private readonly MsgpackWriter _writer = new(output);

    public override void Map(int count) => _writer.WriteMapHeader(count);

    public override void EndMap()
    {
    }

    public override void Array(int count) => _writer.WriteArrayHeader(count);

    public override void EndArray()
    {
    }

    public override void Key(string key) => _writer.WriteString(key);

    public override void String(string value) => _writer.WriteString(value);

    public override void Integer(long value) => _writer.WriteInteger(value);

    public override void Boolean(bool value) => _writer.WriteBoolean(value);

    public override void Null() => _writer.WriteNil();

    public override void Value(JsonElement value, IReadOnlyList<ReadOnlyMemory<byte>> attachments) => _writer.WriteJson(value, attachments);
}
