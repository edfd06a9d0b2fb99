using System.Text.Json;
using SocketIO.Protocol;

namespace SocketIO.Parsers.MessagePack.Tests.Support;

/// <summary>Compares packets the way a handler sees them: type, namespace, id, JSON value and attachments.</summary>
internal static class PacketAssert
{
    public static void Same(SocketPacket expected, SocketPacket actual)
    {
        Assert.Equal(expected.Type, actual.Type);
        Assert.Equal(expected.Namespace, actual.Namespace);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Data is null, actual.Data is null);
        if (expected.Data is null || actual.Data is null)
            return;
        Assert.True(JsonEquals(expected.Data.Root, actual.Data.Root), $"expected {expected.Data}\nactual   {actual.Data}");
        Assert.Equal(expected.Data.Attachments.Count, actual.Data.Attachments.Count);
        for (var i = 0; i < expected.Data.Attachments.Count; i++)
            Assert.Equal(expected.Data.Attachments[i].ToArray(), actual.Data.Attachments[i].ToArray());
    }

    /// <summary>Equal JSON values: members in any order, numbers by value.</summary>
    public static bool JsonEquals(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind)
            return false;
        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                var left = a.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                var right = b.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                return left.Count == right.Count && left.All(p => right.TryGetValue(p.Key, out var v) && JsonEquals(p.Value, v));
            case JsonValueKind.Array:
                return a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray()).All(p => JsonEquals(p.First, p.Second));
            case JsonValueKind.String:
                return a.GetString() == b.GetString();
            case JsonValueKind.Number:
                return a.TryGetDecimal(out var x) && b.TryGetDecimal(out var y) ? x == y : a.GetDouble() == b.GetDouble();
            default:
                return true;
        }
    }
}
