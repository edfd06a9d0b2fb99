using System.Text.Json;
using SocketIO.Protocol;
using SocketIO.Serialization;

namespace SocketIO.DeviceClient;

/// <summary>Arguments received from the server (an event's or an ack's), kept raw until asked for a type.</summary>
public sealed class DeviceArgs
{
    private static readonly JsonElement EmptyArray = JsonDocument.Parse("[]").RootElement;
    private readonly JsonElement _array;
    private readonly int _offset;
    private readonly PayloadSerializer _serializer;
    private readonly IReadOnlyList<ReadOnlyMemory<byte>> _attachments;

    internal DeviceArgs(PacketData? data, int offset, PayloadSerializer serializer)
    {
        _array = data?.Root is { ValueKind: JsonValueKind.Array } root ? root : EmptyArray;
        _offset = offset;
        _serializer = serializer;
        _attachments = data?.Attachments ?? [];
        Count = Math.Max(0, _array.GetArrayLength() - offset);
    }

    /// <summary>Number of arguments.</summary>
    public int Count { get; }

    /// <summary>The raw JSON of an argument (binary values are placeholders here).</summary>
    public JsonElement this[int index] => (uint)index < (uint)Count ? _array[index + _offset] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>An argument as <typeparamref name="T"/>; <c>byte[]</c> for binary.</summary>
    public T? Get<T>(int index) => index < Count ? _serializer.Read<T>(this[index], _attachments) : default;

    /// <summary>A binary argument.</summary>
    public byte[] GetBinary(int index) => Get<byte[]>(index) ?? [];

    /// <summary>The arguments as a JSON array.</summary>
    public override string ToString() => $"[{string.Join(",", Enumerable.Range(0, Count).Select(i => this[i].GetRawText()))}]";
}

/// <summary>An event the server sent, with its arguments and, when the server asked for one, an ack.</summary>
public sealed class DeviceEvent
{
    private readonly Action<object?[]>? _ack;
    private int _acked;

    internal DeviceEvent(DeviceSocket socket, string name, DeviceArgs args, Action<object?[]>? ack)
    {
        Socket = socket;
        Name = name;
        Args = args;
        _ack = ack;
    }

    /// <summary>The socket it arrived on.</summary>
    public DeviceSocket Socket { get; }

    /// <summary>The event name.</summary>
    public string Name { get; }

    /// <summary>The arguments after the name.</summary>
    public DeviceArgs Args { get; }

    /// <summary>True when the server waits for an ack.</summary>
    public bool HasAck => _ack is not null;

    /// <summary>Answers the server's ack with <paramref name="args"/>; only the first call is sent.</summary>
    public void Ack(params object?[] args)
    {
        if (_ack is not null && Interlocked.Exchange(ref _acked, 1) == 0)
            _ack(args);
    }
}

/// <summary>Why the server refused a namespace connection (CONNECT_ERROR).</summary>
public sealed record DeviceConnectError(string Message, JsonElement? Data);
