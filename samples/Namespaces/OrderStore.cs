using System.Text.Json;
using SocketIO.Protocol;
using SocketIO.Serialization;

namespace Namespaces;

/// <summary>The orders of the tour, in memory. Created orders keep every field they were given, binary included.</summary>
internal sealed class OrderStore
{
    private readonly Lock _lock = new();
    private readonly List<Dictionary<string, object?>> _orders =
    [
        new() { ["id"] = 1, ["item"] = "book" },
        new() { ["id"] = 2, ["item"] = "pen" },
    ];
    private int _lastId = 2;

    /// <summary>A snapshot of every order; a list goes out as one array argument.</summary>
    public List<Dictionary<string, object?>> List()
    {
        lock (_lock)
            return [.. _orders];
    }

    /// <summary>Stores a copy of <paramref name="order"/> (an object) with a new id, and returns it.</summary>
    public Dictionary<string, object?> Create(RawValue order)
    {
        var created = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var field in order.Element.EnumerateObject())
            created[field.Name] = Copy(field.Value, order.Attachments);
        lock (_lock)
        {
            created["id"] = ++_lastId;
            _orders.Add(created);
        }
        return created;
    }

    /// <summary>
    /// Turns a received value into plain objects that outlive the packet: a binary placeholder
    /// becomes its bytes (sent back as binary), objects and arrays are copied member by member.
    /// </summary>
    private static object? Copy(JsonElement value, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        if (Placeholder.TryGetIndex(value, out var index) && index >= 0 && index < attachments.Count)
            return attachments[index].ToArray();
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var p in value.EnumerateObject())
                    obj[p.Name] = Copy(p.Value, attachments);
                return obj;
            case JsonValueKind.Array:
                return value.EnumerateArray().Select(item => Copy(item, attachments)).ToList();
            default:
                return value.Clone();
        }
    }
}
