using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using SocketIO.Protocol;

namespace SocketIO.Serialization;

/// <summary>
/// Turns .NET values into <see cref="PacketData"/> (JSON with binary placeholders) and back, with
/// System.Text.Json. Binary values (<c>byte[]</c>, <c>ReadOnlyMemory&lt;byte&gt;</c>, …) anywhere in
/// an object graph become attachments.
/// </summary>
public sealed class PayloadSerializer
{
    /// <summary>
    /// Creates a serializer on top of the user's options. When null: web defaults (camelCase names,
    /// case-insensitive reading) except that numbers are never read from strings.
    /// </summary>
    public PayloadSerializer(JsonSerializerOptions? options = null)
    {
        var o = new JsonSerializerOptions(options ?? StrictWebDefaults());
        // JSON.stringify leaves non-ASCII text unescaped; so do we.
        o.Encoder ??= JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        o.Converters.Insert(0, new ByteArrayConverter());
        o.Converters.Insert(0, new ReadOnlyMemoryConverter());
        o.Converters.Insert(0, new MemoryConverter());
        o.Converters.Insert(0, new ArraySegmentConverter());
        o.Converters.Insert(0, new RawValueConverter());
        // JavaScript strings may hold lone surrogates; received JSON is written back as it came.
        o.Converters.Insert(0, new JsStringConverter());
        o.Converters.Insert(0, new RawJsonElementConverter());
        o.Converters.Insert(0, new SocketArgsConverter());
        o.MakeReadOnly(populateMissingResolver: true);
        Options = o;
    }

    // A client that sends "2" where a number is expected gets an error, not a silent conversion.
    private static JsonSerializerOptions StrictWebDefaults() =>
        new(JsonSerializerDefaults.Web) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict };

    private JsonWriterOptions WriterOptions => new() { Encoder = Options.Encoder, SkipValidation = true };

    /// <summary>The effective serializer options.</summary>
    public JsonSerializerOptions Options { get; }

    /// <summary>Writes <c>[eventName, ...args]</c>. A single <see cref="SocketArgs"/> argument is spread.</summary>
    public PacketData WriteEvent(string eventName, ReadOnlySpan<object?> args) => WriteArray(eventName, args);

    /// <summary>Writes <c>[...args]</c> (an ack payload). A single <see cref="SocketArgs"/> argument is spread.</summary>
    public PacketData WriteArray(ReadOnlySpan<object?> args) => WriteArray(null, args);

    /// <summary>Writes one value (CONNECT and CONNECT_ERROR payloads).</summary>
    public PacketData WriteValue(object? value)
    {
        var attachments = new List<ReadOnlyMemory<byte>>();
        var previous = BinaryScope.Writing;
        BinaryScope.Writing = attachments;
        using var scratch = JsonScratch.Rent(WriterOptions, out var writer);
        try
        {
            WriteOne(writer, value);
        }
        finally
        {
            BinaryScope.Writing = previous;
        }
        return new PacketData(scratch.ToArray(), attachments.Count == 0 ? null : attachments);
    }

    private PacketData WriteArray(string? eventName, ReadOnlySpan<object?> args)
    {
        List<ReadOnlyMemory<byte>>? attachments = null;
        var previous = BinaryScope.Writing;
        var scope = new List<ReadOnlyMemory<byte>>(0);
        BinaryScope.Writing = scope;
        using var scratch = JsonScratch.Rent(WriterOptions, out var writer);
        try
        {
            writer.WriteStartArray();
            if (eventName is not null)
                writer.WriteStringValue(eventName);
            if (args.Length == 1 && args[0] is SocketArgs spread)
                SocketArgsConverter.WriteItems(writer, spread);
            else
                foreach (var arg in args)
                    WriteOne(writer, arg);
            writer.WriteEndArray();
        }
        finally
        {
            BinaryScope.Writing = previous;
        }
        if (scope.Count > 0)
            attachments = scope;
        return new PacketData(scratch.ToArray(), attachments);
    }

    private void WriteOne(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                JsString.Write(writer, s, Options.Encoder);
                break;
            case JsonElement e:
                RawJson.Write(writer, e, []);
                break;
            default:
                JsonSerializer.Serialize(writer, value, value.GetType(), Options);
                break;
        }
    }

    /// <summary>Reads a JSON value (with its payload's attachments) as <typeparamref name="T"/>.</summary>
    public T? Read<T>(JsonElement element, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        if (typeof(T) == typeof(JsonElement))
            return (T)(object)element;
        if (typeof(T) == typeof(RawValue))
            return (T)(object)new RawValue(element, attachments);
        return Read<T>(JsonMarshal.GetRawUtf8Value(element), attachments);
    }

    /// <summary>Reads a JSON value as <paramref name="type"/>.</summary>
    public object? Read(JsonElement element, IReadOnlyList<ReadOnlyMemory<byte>> attachments, Type type)
    {
        if (type == typeof(JsonElement))
            return element;
        if (type == typeof(RawValue))
            return new RawValue(element, attachments);
        return Read(JsonMarshal.GetRawUtf8Value(element), attachments, type);
    }

    /// <summary>
    /// Reads one raw UTF-8 JSON value as <typeparamref name="T"/> (not <see cref="JsonElement"/> or
    /// <see cref="RawValue"/>, which are views of a parsed payload).
    /// </summary>
    internal T? Read<T>(ReadOnlySpan<byte> utf8Json, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        var previous = BinaryScope.Reading;
        BinaryScope.Reading = attachments;
        try
        {
            return JsonSerializer.Deserialize<T>(utf8Json, Options);
        }
        finally
        {
            BinaryScope.Reading = previous;
        }
    }

    /// <summary>As <see cref="Read{T}(ReadOnlySpan{byte}, IReadOnlyList{ReadOnlyMemory{byte}})"/>, for a type known at run time.</summary>
    internal object? Read(ReadOnlySpan<byte> utf8Json, IReadOnlyList<ReadOnlyMemory<byte>> attachments, Type type)
    {
        var previous = BinaryScope.Reading;
        BinaryScope.Reading = attachments;
        try
        {
            return JsonSerializer.Deserialize(utf8Json, type, Options);
        }
        finally
        {
            BinaryScope.Reading = previous;
        }
    }
}
