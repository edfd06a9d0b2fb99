using System.Text.Json;

namespace SocketIO.Cluster.Tests.Support;

/// <summary>Reading the ack shapes of the cluster-node contract.</summary>
public static class Acks
{
    /// <summary>Whether the ack is the failure shape <c>{ error: string, … }</c>.</summary>
    public static bool IsError(JsonElement ack) =>
        ack.ValueKind == JsonValueKind.Object && ack.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String;

    /// <summary>Asserts a successful array ack of strings and returns it.</summary>
    public static string[] Strings(JsonElement ack, string what)
    {
        Assert.True(ack.ValueKind == JsonValueKind.Array, $"{what}: expected an array, got {ack.GetRawText()}");
        return [.. ack.EnumerateArray().Select(e => e.GetString()!)];
    }

    /// <summary>Asserts the failure shape <c>{ error: string, partial: string[] }</c> and returns the partial answers.</summary>
    public static string[] Partial(JsonElement ack, string what)
    {
        Assert.True(IsError(ack), $"{what}: expected {{ error, partial }}, got {ack.GetRawText()}");
        Assert.True(ack.TryGetProperty("partial", out var partial), $"{what}: no 'partial' in {ack.GetRawText()}");
        return Strings(partial, what + " partial");
    }

    /// <summary>The ids listed by a successful <c>fetch</c> ack, in order.</summary>
    public static string[] FetchIds(JsonElement ack, string what)
    {
        Assert.True(ack.ValueKind == JsonValueKind.Array, $"{what}: expected an array, got {ack.GetRawText()}");
        return [.. ack.EnumerateArray().Select(s => s.GetProperty("id").GetString()!)];
    }

    /// <summary>Sorts like the contract does (ordinal).</summary>
    public static string[] Sorted(params string[] values)
    {
        var copy = values.ToArray();
        Array.Sort(copy, string.CompareOrdinal);
        return copy;
    }
}
