using System.Runtime.InteropServices;
using System.Text.Json;

namespace SocketIO.Fuzz.Support;

/// <summary>Finds escaped lone surrogates ("\ud800") in a JSON value: valid JSON, which System.Text.Json cannot read as a .NET string.</summary>
internal static class LoneSurrogates
{
    /// <summary>True when a JSON value the message carries (arguments, a socket's auth or data) holds one.</summary>
    public static bool In(SocketIO.Adapters.Cluster.ClusterMessage message) =>
        (message.Data is { } data && In(data.Root))
        || (message.Sockets ?? []).Any(s => In(s.Handshake.Auth) || s.Data.Values.Any(v => v is JsonElement e && In(e)));

    public static bool In(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => IsLone(JsonValues.CodeUnits(value)),
        JsonValueKind.Array => value.EnumerateArray().Any(In),
        JsonValueKind.Object => value.EnumerateObject().Any(p => IsLone(JsonValues.Unescape(JsonMarshal.GetRawUtf8PropertyName(p))) || In(p.Value)),
        _ => false,
    };

    private static bool IsLone(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(text[i]))
                return true;
        }
        return false;
    }
}
