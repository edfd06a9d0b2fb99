using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SocketIO.Protocol;
using SocketIO.Serialization.Msgpack;

namespace SocketIO.Tests.Serialization;

/// <summary>
/// A JavaScript value for the notepack.io cross-checks: <see cref="WriteTo"/> writes it with <see cref="MsgpackWriter"/>
/// the way a cluster adapter would, <see cref="Tagged"/> tells js/notepack.js how to build the same value in Node.
/// </summary>
internal sealed class JsValue
{
    private readonly Action<MsgpackWriter> _write;
    private readonly JsonNode _tagged;

    private JsValue(string name, JsonNode tagged, Action<MsgpackWriter> write, bool undefined = false)
    {
        Name = name;
        _tagged = tagged;
        _write = write;
        IsUndefined = undefined;
    }

    public string Name { get; }

    /// <summary>The tagged form js/notepack.js builds the value from (a fresh copy each time).</summary>
    public JsonNode Tagged => _tagged.DeepClone();

    public bool IsUndefined { get; }

    public void WriteTo(MsgpackWriter writer) => _write(writer);

    public override string ToString() => Name;

    private static JsValue Make(string name, JsonNode tagged, Action<MsgpackWriter> write, bool undefined = false) =>
        new(name, tagged, write, undefined);

    private static JsonArray Tag(string kind, JsonNode? a = null)
    {
        var tag = new JsonArray(JsonValue.Create(kind));
        if (a is not null)
            tag.Add(a);
        return tag;
    }

    public static JsValue Nil() => Make("null", Tag("nil"), w => w.WriteNil());

    /// <summary>undefined: notepack.io 3 writes nil in an array and leaves the key out of a map.</summary>
    public static JsValue Undefined() => Make("undefined", Tag("undef"), w => w.WriteNil(), undefined: true);

    public static JsValue Bool(bool value) => Make(value ? "true" : "false", Tag("bool", JsonValue.Create(value)), w => w.WriteBoolean(value));

    public static JsValue Int(long value) =>
        Make($"int {value}", Tag("num", JsonValue.Create(value.ToString(CultureInfo.InvariantCulture))), w => w.WriteInteger(value));

    public static JsValue Number(double value) =>
        Make($"number {value.ToString("R", CultureInfo.InvariantCulture)}", Tag("num", JsonValue.Create(NumberText(value))), w => w.WriteNumber(value));

    public static JsValue Str(string value, string? name = null) =>
        Make(name ?? $"string \"{(value.Length > 20 ? value[..20] + "…" : value)}\" ({Encoding.UTF8.GetByteCount(value)} bytes)",
            Tag("str", JsonValue.Create(value)), w => w.WriteString(value));

    public static JsValue Utf8(string value) =>
        Make($"utf8 string ({Encoding.UTF8.GetByteCount(value)} bytes)", Tag("str", JsonValue.Create(value)),
            w => w.WriteString(Encoding.UTF8.GetBytes(value)));

    public static JsValue Bin(byte[] value) =>
        Make($"bin {value.Length} bytes", Tag("bin", JsonValue.Create(Convert.ToHexString(value))), w => w.WriteBinary(value));

    public static JsValue Date(DateTimeOffset value) =>
        Make($"date {value:O}", Tag("date", JsonValue.Create(value.ToUnixTimeMilliseconds())), w => w.WriteTimestamp(value));

    public static JsValue Arr(params JsValue[] items) =>
        Make($"array of {items.Length}", new JsonArray(JsonValue.Create("arr"), new JsonArray(items.Select(i => i.Tagged).ToArray())), w =>
        {
            w.WriteArrayHeader(items.Length);
            foreach (var item in items)
                item.WriteTo(w);
        });

    public static JsValue Map(params (string Key, JsValue Value)[] entries) =>
        Make($"map of {entries.Length}",
            new JsonArray(JsonValue.Create("map"), new JsonArray(entries.Select(e => (JsonNode)new JsonArray(JsonValue.Create(e.Key), e.Value.Tagged)).ToArray())),
            w =>
            {
                var present = entries.Where(e => !e.Value.IsUndefined).ToArray();
                w.WriteMapHeader(present.Length);
                foreach (var (key, value) in present)
                {
                    w.WriteString(key);
                    value.WriteTo(w);
                }
            });

    public JsValue Named(string name) => new(name, _tagged, _write, IsUndefined);

    /// <summary>A text that JavaScript's Number() turns into exactly <paramref name="value"/>.</summary>
    public static string NumberText(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "Infinity"
        : double.IsNegativeInfinity(value) ? "-Infinity"
        : value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>Small helpers around the codec under test.</summary>
internal static class Msgpack
{
    public static byte[] Write(Action<MsgpackWriter> write)
    {
        var buffer = new PooledBufferWriter();
        try
        {
            write(new MsgpackWriter(buffer));
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            buffer.Clear();
        }
    }

    public static byte[] WriteJson(string json, params byte[][] attachments)
    {
        using var document = JsonDocument.Parse(json);
        return Write(w => w.WriteJson(document.RootElement, attachments.Select(a => (ReadOnlyMemory<byte>)a).ToArray()));
    }

    /// <summary>ReadJson of the whole input, which must be exactly one value.</summary>
    public static (string Json, byte[][] Attachments) ReadJson(ReadOnlySpan<byte> data, int maxDepth = 64)
    {
        var buffer = new PooledBufferWriter();
        try
        {
            var attachments = new List<ReadOnlyMemory<byte>>();
            using (var json = new Utf8JsonWriter(buffer))
            {
                var reader = new MsgpackReader(data, maxDepth);
                reader.ReadJson(json, attachments);
                Assert.True(reader.End, $"ReadJson left {data.Length - reader.Position} bytes");
            }
            return (Encoding.UTF8.GetString(buffer.WrittenSpan), attachments.Select(a => a.ToArray()).ToArray());
        }
        finally
        {
            buffer.Clear();
        }
    }

    public static string Hex(ReadOnlySpan<byte> bytes, int max = 48) =>
        bytes.Length <= max ? Convert.ToHexString(bytes) : Convert.ToHexString(bytes[..max]) + $"…({bytes.Length} bytes)";
}

/// <summary>
/// A canonical text of a JSON value with placeholders, for comparing what two decoders made of the same bytes:
/// placeholders become their attachment's bytes, object keys are sorted (the last of duplicates wins, as in
/// JSON.parse), and numbers are compared as doubles.
/// </summary>
internal static class JsonCanon
{
    public static string Of(string json, IReadOnlyList<byte[]> attachments)
    {
        using var document = JsonDocument.Parse(json);
        var text = new StringBuilder();
        Append(document.RootElement, attachments, text);
        return text.ToString();
    }

    private static void Append(JsonElement element, IReadOnlyList<byte[]> attachments, StringBuilder text)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when Placeholder.TryGetIndex(element, out int index):
                text.Append("bin:").Append(index >= 0 && index < attachments.Count ? Convert.ToHexString(attachments[index]) : $"<missing {index}>");
                break;
            case JsonValueKind.Object:
                var last = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                    last[property.Name] = property.Value;
                text.Append('{');
                foreach (var (key, value) in last)
                {
                    text.Append(JsonSerializer.Serialize(key)).Append(':');
                    Append(value, attachments, text);
                    text.Append(',');
                }
                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                foreach (var item in element.EnumerateArray())
                {
                    Append(item, attachments, text);
                    text.Append(',');
                }
                text.Append(']');
                break;
            case JsonValueKind.Number:
                // As JSON.stringify writes a number: -0 as 0, ±Infinity (1e400) as null.
                double number = element.GetDouble() + 0.0;
                text.Append(double.IsFinite(number) ? number.ToString("R", CultureInfo.InvariantCulture) : "null");
                break;
            case JsonValueKind.String:
                text.Append(JsonSerializer.Serialize(element.GetString()));
                break;
            default:
                text.Append(element.GetRawText());
                break;
        }
    }
}
