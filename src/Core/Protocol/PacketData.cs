using System.Text.Json;

namespace SocketIO.Protocol;

/// <summary>
/// A packet payload in the runtime's one representation: UTF-8 JSON in which every binary value is
/// a placeholder <c>{"_placeholder":true,"num":n}</c>, plus the binary attachments in order.
/// Parsers translate to and from their own wire form.
/// </summary>
public sealed class PacketData
{
    private static readonly IReadOnlyList<ReadOnlyMemory<byte>> NoAttachments = [];
    private JsonElement? _root;

    /// <summary>Creates a payload from UTF-8 JSON and its attachments.</summary>
    public PacketData(ReadOnlyMemory<byte> utf8Json, IReadOnlyList<ReadOnlyMemory<byte>>? attachments = null)
    {
        Utf8Json = utf8Json;
        Attachments = attachments ?? NoAttachments;
    }

    /// <summary>Creates a payload from an already parsed JSON value.</summary>
    public PacketData(JsonElement root, ReadOnlyMemory<byte> utf8Json, IReadOnlyList<ReadOnlyMemory<byte>>? attachments = null)
        : this(utf8Json, attachments)
    {
        _root = root;
    }

    /// <summary>The JSON text, UTF-8.</summary>
    public ReadOnlyMemory<byte> Utf8Json { get; }

    /// <summary>Binary attachments referenced by placeholders.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments { get; }

    /// <summary>True when the payload carries binary.</summary>
    public bool HasBinary => Attachments.Count > 0;

    /// <summary>The parsed JSON value (parsed on first use).</summary>
    public JsonElement Root => _root ??= JsonDocument.Parse(Utf8Json).RootElement;

    /// <summary>Creates a payload from a JSON string without attachments.</summary>
    public static PacketData FromJson(string json) => new(System.Text.Encoding.UTF8.GetBytes(json));

    /// <inheritdoc />
    public override string ToString() => System.Text.Encoding.UTF8.GetString(Utf8Json.Span);
}
