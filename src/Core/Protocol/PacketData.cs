using System.Diagnostics.CodeAnalysis;
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

    // The parsed value, built on first use: a JsonDocument, or the boxed JsonElement a parser supplied.
    // A reference, so that threads that race to build it each see a whole value.
    private object? _root;
    private int[]? _layout;

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

    /// <summary>
    /// A payload a decoder has validated, with the layout of its array (see <see cref="JsonArrayLayout"/>) when it is
    /// one, and its parsed value when the decoder had to build it.
    /// </summary>
    internal PacketData(ReadOnlyMemory<byte> utf8Json, int[]? layout, IReadOnlyList<ReadOnlyMemory<byte>>? attachments, JsonElement? root = null)
        : this(utf8Json, attachments)
    {
        _layout = layout;
        _root = root;
    }

    /// <summary>The JSON text, UTF-8.</summary>
    public ReadOnlyMemory<byte> Utf8Json { get; }

    /// <summary>Binary attachments referenced by placeholders.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments { get; }

    /// <summary>True when the payload carries binary.</summary>
    public bool HasBinary => Attachments.Count > 0;

    /// <summary>The parsed JSON value (parsed on first use).</summary>
    public JsonElement Root => (_root ?? ParseRoot()) switch
    {
        JsonDocument document => document.RootElement,
        var element => (JsonElement)element,
    };

    /// <summary>True once <see cref="Root"/> has been built (or was supplied).</summary>
    internal bool HasRoot => _root is not null;

    /// <summary>Where the items lie when the payload is an array (an event's name and arguments, an ack's arguments).</summary>
    internal JsonArrayLayout Layout => new(_layout ??= JsonArrayLayout.Read(Utf8Json.Span));

    /// <summary>
    /// The name of an event payload: item 0, a string (lone surrogates kept, as JavaScript has them) or,
    /// as socket.io-parser allows, a number in its JSON spelling. False when there is no item.
    /// </summary>
    internal bool TryGetEventName([NotNullWhen(true)] out string? name)
    {
        var layout = Layout;
        if (layout.Count == 0)
        {
            name = null;
            return false;
        }
        var raw = Utf8Json.Span[layout.Item(0)];
        name = raw[0] == (byte)'"' ? Serialization.JsString.Get(raw) : System.Text.Encoding.UTF8.GetString(raw);
        return true;
    }

    private object ParseRoot()
    {
        var document = JsonDocument.Parse(Utf8Json);
        return Interlocked.CompareExchange(ref _root, document, null) ?? document;
    }

    /// <summary>Creates a payload from a JSON string without attachments.</summary>
    public static PacketData FromJson(string json) => new(System.Text.Encoding.UTF8.GetBytes(json));

    /// <inheritdoc />
    public override string ToString() => System.Text.Encoding.UTF8.GetString(Utf8Json.Span);
}
