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
    private static readonly JsonElement EmptyArray = JsonDocument.Parse("[]").RootElement;
    private readonly JsonElement _array;
    private readonly int _offset;
    private readonly PayloadSerializer _serializer;

    internal SocketArgs(PacketData? data, int offset, PayloadSerializer serializer)
    {
        _array = data?.Root is { ValueKind: JsonValueKind.Array } root ? root : EmptyArray;
        _offset = offset;
        _serializer = serializer;
        Attachments = data?.Attachments ?? [];
        Count = Math.Max(0, _array.GetArrayLength() - offset);
    }

    /// <summary>Number of arguments.</summary>
    public int Count { get; }

    /// <summary>Binary attachments referenced by the arguments.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments { get; }

    /// <summary>The raw JSON of argument <paramref name="index"/>.</summary>
    public JsonElement this[int index] => (uint)index < (uint)Count ? _array[index + _offset] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Argument <paramref name="index"/> deserialized as <typeparamref name="T"/>; default when absent.</summary>
    public T? Get<T>(int index) => index < Count ? _serializer.Read<T>(this[index], Attachments) : default;

    /// <summary>Argument <paramref name="index"/> deserialized as <paramref name="type"/>; null when absent.</summary>
    public object? Get(int index, Type type) => index < Count ? _serializer.Read(this[index], Attachments, type) : null;

    /// <summary>True when argument <paramref name="index"/> is a binary value.</summary>
    public bool IsBinary(int index) => index < Count && Placeholder.TryGetIndex(this[index], out var n) && n >= 0 && n < Attachments.Count;

    /// <summary>Argument <paramref name="index"/> as raw bytes (it must be binary).</summary>
    public ReadOnlyMemory<byte> GetBinary(int index) =>
        Placeholder.TryGetIndex(this[index], out var n) && n >= 0 && n < Attachments.Count ? Attachments[n] : throw new InvalidOperationException($"Argument {index} is not binary.");

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

    /// <inheritdoc />
    public override string ToString() => _offset == 0 ? _array.GetRawText() : $"[{string.Join(",", Enumerable.Range(0, Count).Select(i => this[i].GetRawText()))}]";
}
