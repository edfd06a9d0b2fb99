using System.Text;
using System.Text.Json;
using SocketIO.Protocol;
using SocketIO.Serialization;

namespace SocketIO;

/// <summary>
/// Received arguments (of an event or an ack), kept raw until a handler asks for a type.
/// Binary values are placeholders here and come back as <c>byte[]</c> or <c>ReadOnlyMemory&lt;byte&gt;</c>.
/// </summary>
public sealed class SocketArgs
{
    // Each argument is read from its own UTF-8 bytes; the payload's JsonElement is built only for a caller that wants one.
    private readonly PacketData? _data;
    private readonly JsonArrayLayout _layout;
    private readonly int _offset;
    private readonly PayloadSerializer _serializer;

    internal SocketArgs(PacketData? data, int offset, PayloadSerializer serializer)
    {
        _data = data;
        _layout = data?.Layout ?? default;
        _offset = offset;
        _serializer = serializer;
        Attachments = data?.Attachments ?? [];
        Count = Math.Max(0, _layout.Count - offset);
    }

    /// <summary>Number of arguments.</summary>
    public int Count { get; }

    /// <summary>Binary attachments referenced by the arguments.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments { get; }

    /// <summary>The raw JSON of argument <paramref name="index"/>.</summary>
    public JsonElement this[int index] => (uint)index < (uint)Count ? _data!.Root[index + _offset] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Argument <paramref name="index"/> deserialized as <typeparamref name="T"/>; default when absent.</summary>
    public T? Get<T>(int index)
    {
        if (index >= Count)
            return default;
        // These two are views of the parsed payload itself.
        if (typeof(T) == typeof(JsonElement) || typeof(T) == typeof(RawValue))
            return _serializer.Read<T>(this[index], Attachments);
        return _serializer.Read<T>(Raw(index), Attachments);
    }

    /// <summary>Argument <paramref name="index"/> deserialized as <paramref name="type"/>; null when absent.</summary>
    public object? Get(int index, Type type)
    {
        if (index >= Count)
            return null;
        if (type == typeof(JsonElement) || type == typeof(RawValue))
            return _serializer.Read(this[index], Attachments, type);
        return _serializer.Read(Raw(index), Attachments, type);
    }

    /// <summary>True when argument <paramref name="index"/> is a binary value.</summary>
    public bool IsBinary(int index) => index < Count && Placeholder.TryGetIndex(Raw(index), out var n) && n >= 0 && n < Attachments.Count;

    /// <summary>Argument <paramref name="index"/> as raw bytes (it must be binary).</summary>
    public ReadOnlyMemory<byte> GetBinary(int index) =>
        Placeholder.TryGetIndex(Raw(index), out var n) && n >= 0 && n < Attachments.Count ? Attachments[n] : throw new InvalidOperationException($"Argument {index} is not binary.");

    /// <summary>Argument <paramref name="index"/> in raw form, for forwarding unchanged.</summary>
    public RawValue GetRaw(int index) => new(this[index], Attachments);

    /// <summary>Every argument in raw form.</summary>
    public object?[] ToArray()
    {
        var result = new object?[Count];
        for (var i = 0; i < Count; i++)
            result[i] = GetRaw(i);
        return result;
    }

    /// <summary>The UTF-8 JSON of argument <paramref name="index"/>, as it was received.</summary>
    internal ReadOnlySpan<byte> Raw(int index) =>
        (uint)index < (uint)Count ? _data!.Utf8Json.Span[_layout.Item(index + _offset)] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The JSON kind of argument <paramref name="index"/>, without parsing it.</summary>
    internal JsonValueKind KindOf(int index) => JsonArrayLayout.KindOf(Raw(index));

    /// <inheritdoc />
    public override string ToString()
    {
        if (_offset == 0)
            return _layout.IsArray ? Encoding.UTF8.GetString(_data!.Utf8Json.Span[_layout.Array]) : "[]";
        return $"[{string.Join(",", Enumerable.Range(0, Count).Select(i => Encoding.UTF8.GetString(Raw(i))))}]";
    }
}
